package org.kidsafe.crypto.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * This service's signing keys, for the erasure reports and receipts it signs: the current key signs (its id in every
 * JWS header), and the current and retired public keys verify and are published (issue 18 item 4).
 *
 * <p>Rotation without downtime (issue 16 item 5): the key files are looked at again at most every
 * {@code kidsafe.signing.reload-every}; when they changed, the new current key and retired set replace the old ones at
 * once, for signing and publishing alike. A half-written rotation (a private key that does not match its {@code .pub})
 * is ignored until it is complete, so the service never signs with a key it does not publish. Production reads the
 * files from a mounted secret; dev and test runs without one get a throw-away key; a production run without one
 * refuses to start.
 */
@ApplicationScoped
public class ServiceSigningKey {

    private static final Logger LOG = Logger.getLogger(ServiceSigningKey.class);

    private final String service;
    private final SigningSettings settings;
    private volatile Loaded loaded;
    private volatile long checkedAtNanos;

    ServiceSigningKey(SigningSettings settings, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
        this.settings = settings;
        if (settings.privateKeyFile().isPresent()) {
            this.loaded = load().orElseThrow(() -> new IllegalStateException(
                    "kidsafe.signing.private-key-file does not match its .pub: " + settings.privateKeyFile().get()));
        } else if (LaunchMode.current() != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.signing.private-key-file: signing with a throw-away key (dev/test only)");
            KeyPair pair = SigningKeys.generate();
            this.loaded = new Loaded(List.of(), pair.getPrivate(), pair.getPublic(), SigningKeyIds.of(service, pair.getPublic()),
                    VerificationKeys.of(service, pair.getPublic(), retired()));
        } else {
            throw new IllegalStateException("kidsafe.signing.private-key-file is required in production");
        }
        this.checkedAtNanos = System.nanoTime();
        LOG.infof("Signing with key %s; %d key(s) verify and are published", loaded.keyId(), loaded.verification().jwks().size());
    }

    /** The id of the key that signs now. */
    public String keyId() {
        return current().keyId();
    }

    /** The public half of the key that signs now. */
    public PublicKey publicKey() {
        return current().publicKey();
    }

    /** The current and retired public keys, by key id: what the JWKS publishes and what verifies this service's JWSs. */
    public VerificationKeys verificationKeys() {
        return current().verification();
    }

    /** The keys as a JWKS ({@code {"keys": [...]}}), current first. */
    public Map<String, List<Map<String, Object>>> jwks() {
        return Map.of("keys", verificationKeys().jwks());
    }

    /** Signs claims as a compact ES256 JWS with the current key and its id. */
    public String sign(Object claims) {
        Loaded now = current();
        return Es256Jws.sign(claims, now.keyId(), now.privateKey());
    }

    /** Verifies a JWS this service signed, under any of its current or retired keys. */
    public JsonNode verify(String jws) {
        return verificationKeys().verify(jws);
    }

    private Loaded current() {
        long now = System.nanoTime();
        if (settings.privateKeyFile().isPresent() && now - checkedAtNanos >= settings.reloadEvery().toNanos()) {
            checkedAtNanos = now;
            try {
                if (!stamps().equals(loaded.stamps())) {
                    load().ifPresent(fresh -> {
                        if (!fresh.keyId().equals(loaded.keyId())) {
                            LOG.infof("Signing key rotated: now %s", fresh.keyId());
                        }
                        loaded = fresh;
                    });
                }
            } catch (RuntimeException e) {
                LOG.warnf("Could not read the signing keys again (%s): keeping the keys in use", e.getMessage());
            }
        }
        return loaded;
    }

    /** The key files as they are now, or empty while a rotation is half-written (private and public keys differ). */
    private Optional<Loaded> load() {
        List<FileTime> stamps = stamps();
        Path privateFile = settings.privateKeyFile().orElseThrow();
        PrivateKey privateKey = SigningKeys.readPrivate(privateFile);
        PublicKey publicKey = SigningKeys.readPublic(publicFileOf(privateFile));
        if (!matches(privateKey, publicKey)) {
            LOG.warnf("%s does not match its .pub (a rotation in progress?): keeping the key in use", privateFile);
            return Optional.empty();
        }
        return Optional.of(new Loaded(stamps, privateKey, publicKey, SigningKeyIds.of(service, publicKey),
                VerificationKeys.of(service, publicKey, retired())));
    }

    private VerificationKeys retired() {
        return VerificationKeys.load(service, settings.retiredKeysDirectory().map(List::of).orElse(List.of()));
    }

    /** What tells a rotation: the modification times and names of every key file. */
    private List<FileTime> stamps() {
        List<Path> files = new ArrayList<>();
        settings.privateKeyFile().ifPresent(file -> {
            files.add(file);
            files.add(publicFileOf(file));
        });
        settings.retiredKeysDirectory().filter(Files::isDirectory).ifPresent(directory -> {
            try (Stream<Path> listed = Files.list(directory)) {
                listed.sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return files.stream().map(FileTime::of).toList();
    }

    /** {@code signing.key} -> {@code signing.pub}. */
    public static Path publicFileOf(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
    }

    private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            Es256Jws.verify(Es256Jws.sign(Map.of("probe", true), "probe", privateKey), publicKey);
            return true;
        } catch (Es256Jws.InvalidSignatureException e) {
            return false;
        }
    }

    private record FileTime(Path file, long modified) {
        static FileTime of(Path file) {
            try {
                return new FileTime(file, Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : -1);
            } catch (IOException e) {
                return new FileTime(file, -1);
            }
        }
    }

    private record Loaded(List<FileTime> stamps, PrivateKey privateKey, PublicKey publicKey, String keyId, VerificationKeys verification) {
    }
}
