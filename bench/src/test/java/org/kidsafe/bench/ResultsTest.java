package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The raw samples behind the rows are kept in the results' JSON (issue 22 item 2), timestamps as ISO-8601 text. */
class ResultsTest {

    @Test
    void rawErasureTimestampsAreWrittenBesideTheRows(@TempDir Path folder) throws Exception {
        Results results = new Results();
        Instant requested = Instant.parse("2026-12-06T23:00:00.123456Z");
        ErasureBenchmark.Hops media = new ErasureBenchmark.Hops("media-service", requested.plusMillis(5), requested.plusMillis(6),
                requested.plusMillis(9), requested.plusMillis(11), requested.plusMillis(12), requested.plusMillis(15));
        UUID erasureId = UUID.randomUUID();
        results.add("erasure", "1 media item", "receipt p50", 20, "ms", 1, "note");
        results.raw("erasure hops", List.of(new ErasureBenchmark.Erasure(erasureId, 1, requested, requested.plusMillis(2),
                requested.plusMillis(20), 31.5, List.of(media))));

        results.write(folder);

        Path json;
        try (var files = Files.list(folder)) {
            json = files.filter(file -> file.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode erasure = new ObjectMapper().readTree(json.toFile()).path("raw").path("erasure hops").path(0);
        assertEquals(erasureId.toString(), erasure.path("erasureId").asText());
        assertEquals("2026-12-06T23:00:00.123456Z", erasure.path("requested").asText());
        assertEquals("2026-12-06T23:00:00.138456Z", erasure.path("participants").path(0).path("reportAccepted").asText());
    }
}
