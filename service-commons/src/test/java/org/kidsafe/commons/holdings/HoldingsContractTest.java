package org.kidsafe.commons.holdings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared contract read and written again is, byte for byte, what a service sent (the gateway relies on it). */
class HoldingsContractTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void holdingsKeepTheirFieldsTheirOrderAndTheirNulls() throws Exception {
        Holdings holdings = new Holdings("media-service", List.of(
                new Holding("PHOTOS", "photo", 2, Instant.parse("2026-01-02T03:04:05.120Z"), Instant.parse("2026-01-03T03:04:05.123456Z"), "P365D"),
                new Holding(null, "child-registration", 1, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), null)));

        String written = json.writeValueAsString(holdings);

        assertEquals("{\"service\":\"media-service\",\"holdings\":["
                + "{\"category\":\"PHOTOS\",\"kind\":\"photo\",\"count\":2,\"oldest\":\"2026-01-02T03:04:05.120Z\","
                + "\"newest\":\"2026-01-03T03:04:05.123456Z\",\"retention\":\"P365D\"},"
                + "{\"category\":null,\"kind\":\"child-registration\",\"count\":1,\"oldest\":\"2026-01-01T00:00:00Z\","
                + "\"newest\":\"2026-01-01T00:00:00Z\",\"retention\":null}]}", written);
        assertEquals(written, json.writeValueAsString(json.readValue(written, Holdings.class)));
    }

    @Test
    void anExportReadWithoutKnowingItsSectionsIsWrittenBackAsItCame() throws Exception {
        UUID child = UUID.randomUUID();
        String sent = "{\"service\":\"profile-service\",\"childId\":\"" + child + "\",\"profile\":{\"displayName\":\"Robin\",\"avatar\":null},"
                + "\"toys\":[{\"deviceId\":\"robot-1\"}],\"pairingCodes\":[]}";

        ExportDocument read = json.readValue(sent, ExportDocument.class);

        assertEquals("profile-service", read.service());
        assertEquals(child, read.childId());
        assertEquals(List.of("profile", "toys", "pairingCodes"), List.copyOf(read.sections().keySet()));
        assertEquals(sent, json.writeValueAsString(read));
    }

    @Test
    void aServicesOwnExportRecordWritesTheSharedHeadFirst() throws Exception {
        UUID child = UUID.randomUUID();
        record MediaExport(String service, UUID childId, Instant exportedAt, List<String> items) implements ChildDataExport {
        }

        String written = json.writeValueAsString(new MediaExport("media-service", child, Instant.parse("2026-01-01T00:00:00Z"), List.of()));

        assertEquals("{\"service\":\"media-service\",\"childId\":\"" + child + "\",\"exportedAt\":\"2026-01-01T00:00:00Z\",\"items\":[]}", written);
        assertEquals(written, json.writeValueAsString(json.readValue(written, ExportDocument.class)));
    }

    @Test
    void anExportWithoutTheHeadIsWrittenBackWithoutIt() throws Exception {
        String sent = "{\"items\":[\"a\"],\"authorization\":\"Bearer x\"}";

        assertEquals(sent, json.writeValueAsString(json.readValue(sent, ExportDocument.class)));
    }
}
