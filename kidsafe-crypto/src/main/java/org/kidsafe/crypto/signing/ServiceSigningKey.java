package org.kidsafe.crypto.signing;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * This service's own signing key, for the erasure reports it signs. Production reads it from a
 * mounted file ({@code kidsafe.signing.private-key-file} with its {@code .pub} beside it); dev and
 * test runs without one get a throw-away key, and a production run without one refuses to sign.
 */
@ApplicationScoped
public class ServiceSigningKey {

    private static final Logger LOG = Logger.getLogger(ServiceSigningKey.class);

    private final String keyId;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    ServiceSigningKey(@ConfigProperty(name = "kidsafe.signing.private-key-file") Optional<Path> privateKeyFile,
                      @ConfigProperty(name = "quarkus.application.name") String service) {
        this.keyId = service;
        if (privateKeyFile.isPresent()) {
            Path file = privateKeyFile.get();
            this.privateKey = SigningKeys.readPrivate(file);
            this.publicKey = SigningKeys.readPublic(file.resolveSibling(file.getFileName().toString().replaceFirst("\\.key$", "") + ".pub"));
        } else if (LaunchMode.current() != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.signing.private-key-file: signing with a throw-away key (dev/test only)");
            KeyPair pair = SigningKeys.generate();
            this.privateKey = pair.getPrivate();
            this.publicKey = pair.getPublic();
        } else {
            throw new IllegalStateException("kidsafe.signing.private-key-file is required in production");
        }
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Signs claims as a compact ES256 JWS with this service's key id. */
    public String sign(Object claims) {
        return Es256Jws.sign(claims, keyId, privateKey);
    }
}
