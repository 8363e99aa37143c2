package org.kidsafe.crypto.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A service's signing keys (issue 18 item 4, issue 16 item 5): the one current private key it signs with, and the
 * public keys that still verify what it signed before (retired keys, and during a chart rollout the next key), which
 * it also publishes. Rotation replaces the files; the service reads them again, so it needs no restart.
 */
@ConfigMapping(prefix = "kidsafe.signing")
public interface SigningSettings {

    /** The current private key (PKCS#8 PEM) with its public half {@code <name>.pub} beside it; required in production. */
    Optional<Path> privateKeyFile();

    /**
     * A directory of other public keys that verify and are published, one {@code <key id>.pub} each: keys retired by a
     * rotation (kept for the retention period, then deleted) and the previous release's key under its legacy id.
     */
    Optional<Path> retiredKeysDirectory();

    /** How often, at most, the key files are looked at again for a rotation. */
    @WithDefault("PT5S")
    Duration reloadEvery();
}
