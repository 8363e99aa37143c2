package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * A KEK ring as after a rotation (issue 18 item 1): {@code kek-0}, the version before, still readable so tests can
 * plant data keys wrapped before the rotation, and {@code kek-100} current. The ids differ from the {@code kek-1} of
 * the throw-away KEKs other test classes' runs leave in the shared database, so a retirement here is decided by this
 * run's keys alone. The ring is read again every 100 ms, so a rotation a test makes is taken up at once.
 */
public class KekRingTestResource implements QuarkusTestResourceLifecycleManager {

    static final String RETIRED_KEK_ID = "kek-0";
    static final String FIRST_CURRENT_ID = "kek-100";

    @Override
    public Map<String, String> start() {
        try {
            Path ring = Files.createTempDirectory("kidsafe-media-keks-");
            KekDirectory.adopt(ring, RETIRED_KEK_ID, randomKek());
            KekDirectory.adopt(ring, FIRST_CURRENT_ID, randomKek());
            ring.toFile().deleteOnExit();
            return Map.of("kidsafe.kek.directory", ring.toString(), "kidsafe.kek.reload-every", "PT0.1S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomKek() {
        return Base64.getEncoder().encodeToString(AesGcm.randomBytes(AesGcm.KEY_BYTES));
    }

    @Override
    public void stop() {
        // A temporary directory; nothing to stop.
    }
}
