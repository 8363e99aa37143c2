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
 * Writes a benchmark's raw samples (every round's figures, not only the medians the results table shows) beside the
 * results, as {@code <benchmark>-samples-<time>.json} in the results folder, instants as ISO-8601 text (issue 22
 * item 2: raw samples kept with each result, so every figure can be recomputed).
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
            System.out.println("  raw samples: " + file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
