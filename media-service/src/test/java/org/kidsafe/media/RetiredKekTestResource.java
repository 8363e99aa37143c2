package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.crypto.kek.AesGcm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * A retired KEK ({@code kek-0}) beside the test run's current one, as after a rotation, so tests can plant
 * data keys wrapped before the rotation. Tests read the KEK back through {@code KekSettings.retired()}.
 */
public class RetiredKekTestResource implements QuarkusTestResourceLifecycleManager {

    static final String RETIRED_KEK_ID = "kek-0";

    @Override
    public Map<String, String> start() {
        try {
            Path file = Files.createTempFile("kidsafe-media-retired-", ".kek");
            Files.writeString(file, Base64.getEncoder().encodeToString(AesGcm.randomBytes(AesGcm.KEY_BYTES)));
            file.toFile().deleteOnExit();
            return Map.of("kidsafe.kek.retired.\"" + RETIRED_KEK_ID + "\"", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The file goes when the JVM exits.
    }
}
