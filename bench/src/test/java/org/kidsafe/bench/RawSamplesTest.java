package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uploads and revocation benchmarks keep their raw samples beside the results (issue 22 item 2). */
class RawSamplesTest {

    @Test
    void bothBenchmarksSamplesAreWrittenAsJsonUnderTheResultsFolder(@TempDir Path root) throws IOException {
        Settings settings = Settings.parse(new String[]{"--quick"}, root);
        RevocationBenchmark.Sample revocation = new RevocationBenchmark.Sample(0, "PHOTOS", Instant.parse("2026-12-06T23:40:00.123456Z"), 12.5,
                3.0, Map.of("media-service", 40.0), Map.of("toy's photo", 55.0), Map.of("toy's photo", 2), 7);
        UploadBenchmark.Sample upload = new UploadBenchmark.Sample("chat message", 1, 70.5, 564, 200.0, 900.0, 8.1,
                Map.of("gateway", 1.5), 16.2);
        Path file = RawSamples.write(settings, "revocation", Map.of("samples", List.of(revocation), "uploads", List.of(upload)));

        assertTrue(file.startsWith(settings.output()) && file.getFileName().toString().startsWith("revocation-samples-"), file.toString());
        JsonNode written = new ObjectMapper().readTree(file.toFile());
        assertEquals("2026-12-06T23:40:00.123456Z", written.at("/samples/0/sentAt").asText(), "instants as ISO-8601 text");
        assertEquals(55.0, written.at("/samples/0/refusedMs/toy's photo").asDouble());
        assertEquals(1.5, written.at("/uploads/0/cpuSeconds/gateway").asDouble());
    }
}
