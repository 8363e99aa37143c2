package org.kidsafe.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption key (KEK) that wraps every per-child data key. It is read from a mounted file,
 * never from the database, so a database dump alone decrypts nothing.
 */
@ConfigMapping(prefix = "kidsafe.kek")
public interface KekSettings {

    /** File holding the current KEK as base64 of 32 bytes; without it dev/test runs use a throw-away key. */
    Optional<Path> file();

    /** Id of the current KEK, stored beside every key it wraps. */
    @WithDefault("kek-1")
    String keyId();

    /** Former KEKs by id, kept only to unwrap keys not yet re-wrapped under the current one. */
    Map<String, Path> retired();

    /**
     * The KEK from which the display-name and pairing-code HMAC keys are derived. It must stay the
     * same across KEK rotations (keep it among the retired keys), or stored fingerprints stop matching.
     * Defaults to the current KEK.
     */
    Optional<String> fingerprintKeyId();
}
