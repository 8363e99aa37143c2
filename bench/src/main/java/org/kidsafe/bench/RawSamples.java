package org.kidsafe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A benchmark's raw samples, kept beside the run's results (issue 22 item 2: every figure can be recomputed):
 * {@code <results folder>/<benchmark>-samples-<time>.json} (instants as ISO-8601 text).
 */
final class RawSamples {

    private RawSamples() {
    }

    static Path write(Settings settings, String benchmark, Object samples) {
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
        Path file = settings.output().resolve(benchmark + "-samples-" + stamp + ".json");
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), samples);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
