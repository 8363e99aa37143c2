package org.kidsafe.crypto.kek;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@link KekSettings} as a test states them: the KEK sources it names, every other setting at its default. */
public record TestKekSettings(Optional<Path> file, Optional<String> value, String keyId, Map<String, Path> retired,
                              Optional<Path> directory, Duration reloadEvery) implements KekSettings {

    /** The single-file settings (a current KEK file or value, and retired files), as the chart mounts them. */
    public static TestKekSettings files(Optional<Path> file, Optional<String> value, String keyId, Map<String, Path> retired) {
        return new TestKekSettings(file, value, keyId, retired, Optional.empty(), Duration.ofSeconds(5));
    }

    /** A KEK ring, read again this often. */
    public static TestKekSettings ring(Path ring, Duration reloadEvery) {
        return new TestKekSettings(Optional.empty(), Optional.empty(), "kek-1", Map.of(), Optional.of(ring), reloadEvery);
    }

    @Override
    public int rewrapBatchSize() {
        return 100;
    }

    @Override
    public Duration rotationPeriod() {
        return Duration.ofDays(30);
    }
}
