package org.kidsafe.crypto.pseudonym;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The deployment's one pseudonymisation key (issue 16): device ids leave the service that knows them only as
 * HMAC-SHA-256 under this key. Unlike the KEKs it never rotates: media-service matches the pseudonym in its
 * projection and Keycloak holds it as a toy's attribute, so a new key would orphan every paired toy.
 */
@ConfigMapping(prefix = "kidsafe.pseudonymisation")
public interface PseudonymisationSettings {

    /** File holding the key as base64 of 32 bytes; without it (or a value) dev/test runs use a throw-away key. */
    Optional<Path> keyFile();

    /** The key as base64 of 32 bytes, for deployments that inject it as an environment variable (KIDSAFE_PSEUDONYMISATION_KEY). */
    Optional<String> key();
}
