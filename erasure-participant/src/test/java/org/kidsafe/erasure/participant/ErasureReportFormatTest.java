package org.kidsafe.erasure.participant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.SigningKeys;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed report is consent-service's evidence: its claims keep the names and order they had
 * when profile-service and media-service built them themselves, and a service's counts keep the
 * order the service gave them. Version 2 adds {@code stores} last: each store's T1 and T2 (issue 18 item 1); version 3
 * adds the participant's hops after them, {@code receivedAt} and {@code bytesGoneAt} (issue 22 item 2).
 */
class ErasureReportFormatTest {

    private final KeyPair keys = SigningKeys.generate();

    @Test
    void theClaimsKeepTheReportsNamesOrderAndValues() throws Exception {
        UUID erasureId = UUID.randomUUID();
        UUID childId = UUID.randomUUID();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("toy-identity", 1L);
        counts.put("data-key", 1L);
        counts.put("profile", 1L);
        Instant unreadableAt = Instant.parse("2026-01-02T03:04:05.123456Z");
        Instant completedAt = Instant.parse("2026-01-02T03:04:06Z");
        ErasureParticipant.Hops hops = new ErasureParticipant.Hops(Instant.parse("2026-01-02T03:04:05.1Z"), Instant.parse("2026-01-02T03:04:05.9Z"));

        ErasureReport report = ErasureParticipant.report(erasureId, childId, "profile-service", EnumSet.of(DataCategory.PROFILE),
                new Erased(counts, "rows deleted", unreadableAt, true, List.of("profile database")), true, hops, completedAt, Duration.ofDays(30));
        String jws = Es256Jws.sign(report, "profile-service", keys.getPrivate());

        String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals("{\"erasureId\":\"" + erasureId + "\",\"childId\":\"" + childId + "\",\"service\":\"profile-service\","
                + "\"categories\":[\"PROFILE\"],\"erased\":{\"toy-identity\":1,\"data-key\":1,\"profile\":1},\"method\":\"rows deleted\","
                + "\"verifiedEmpty\":true,\"unreadableAt\":\"2026-01-02T03:04:05.123456Z\",\"completedAt\":\"2026-01-02T03:04:06Z\","
                + "\"stores\":[{\"store\":\"profile database\",\"unreadableAt\":\"2026-01-02T03:04:05.123456Z\","
                + "\"backupsUnreadableAt\":\"2026-02-01T03:04:05.123456Z\"}],"
                + "\"receivedAt\":\"2026-01-02T03:04:05.100Z\",\"bytesGoneAt\":\"2026-01-02T03:04:05.900Z\"}", payload);
        JsonNode claims = Es256Jws.verify(jws, keys.getPublic());
        List<String> names = new ArrayList<>();
        claims.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("erasureId", "childId", "service", "categories", "erased", "method", "verifiedEmpty", "unreadableAt",
                "completedAt", "stores", "receivedAt", "bytesGoneAt"), names);
    }

    @Test
    void withoutADestroyedKeyAStoreIsUnreadableAtCompletionAndStatesNoBackupMoment() {
        Instant completedAt = Instant.parse("2026-01-02T03:04:06Z");
        ErasureReport report = ErasureParticipant.report(UUID.randomUUID(), UUID.randomUUID(), "media-service",
                EnumSet.of(DataCategory.PHOTOS), new Erased(Map.of("photo", 2L), "records deleted", null, false,
                        List.of("media database", "blob store")), true, new ErasureParticipant.Hops(completedAt, completedAt), completedAt, Duration.ofDays(30));

        assertEquals(List.of(new ErasureReport.Store("media database", completedAt, null), new ErasureReport.Store("blob store", completedAt, null)),
                report.stores());
    }

    @Test
    void nothingErasedIsReportedAsEmptyCountsWithoutUnreadableAt() {
        ErasureReport report = ErasureParticipant.report(UUID.randomUUID(), UUID.randomUUID(), "media-service",
                EnumSet.of(DataCategory.PROFILE), Erased.nothing("records deleted"), true, new ErasureParticipant.Hops(Instant.now(), Instant.now()),
                Instant.now(), Duration.ofDays(30));

        assertTrue(report.erased().isEmpty());
        assertEquals(null, report.unreadableAt());
        assertEquals("records deleted", report.method());
        assertTrue(report.stores().isEmpty());
    }
}
