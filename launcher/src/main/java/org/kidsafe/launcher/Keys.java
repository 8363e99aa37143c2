package org.kidsafe.launcher;

import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.crypto.signing.SigningKeyIds;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.embedded.LocalCertificateAuthority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.Writer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The keys a local platform needs, made once and kept in the data folder, outside every database:
 * each service's report-signing key pair (with its retired public keys in {@code <service>.retired/}), the
 * key-encryption key rings of profile and media ({@code <service>.keks/}), the deployment's one pseudonymisation key (device ids leave
 * profile-service only as HMACs under it; it never rotates), and the passwords of the database roles and Kafka
 * principals.
 */
final class Keys {

    /** The id the previous release's one KEK was stored under (its default {@code kidsafe.kek.key-id}). */
    static final String PREVIOUS_RELEASE_KEK_ID = "kek-1";

    private final Path directory;

    Keys(Path directory) {
        this.directory = directory;
    }

    /**
     * The installation's certificate authority, beside {@code keys/} in {@code tls/}: made on first use, so a data folder
     * of an earlier release gets one at its next start (issue 17 item 4, principle 8). PostgreSQL and Kafka serve TLS with
     * its certificates and every local client verifies them against {@link #caCertificate()}.
     */
    LocalCertificateAuthority certificateAuthority() {
        return LocalCertificateAuthority.in(tlsDirectory());
    }

    /** The CA certificate local clients trust, for a process that does not start the servers ({@code rotate}, {@code ledger}). */
    Path caCertificate() {
        return tlsDirectory().resolve("ca.pem");
    }

    private Path tlsDirectory() {
        return directory.toAbsolutePath().resolveSibling("tls");
    }

    /**
     * The service's private signing key file ({@code .pub} beside it), created on first use with an empty directory of
     * retired keys. A key without that directory was made by the previous release, which signed under the bare service
     * name: its public half is kept there under that legacy id, so its receipts and reports keep verifying (issue 18
     * item 4; {@code KeysTest} runs this from the previous release's folder).
     */
    Path signingKey(String service) {
        Path key = directory.resolve(service + ".key");
        Path retired = retiredSigningKeys(service);
        try {
            if (!Files.exists(key)) {
                SigningKeys.write(SigningKeys.generate(), directory, service);
                Files.createDirectories(retired);
            } else if (!Files.isDirectory(retired)) {
                Path staging = Files.createDirectories(directory.resolve(service + ".retired.tmp"));
                Files.copy(directory.resolve(service + ".pub"), staging.resolve(SigningKeyIds.legacy(service) + ".pub"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.move(staging, retired, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }

    /** The service's retired public signing keys, one {@code <key id>.pub} each. */
    Path retiredSigningKeys(String service) {
        return directory.resolve(service + ".retired");
    }

    /** Retires the service's signing key and makes a new one; the running service takes it up by itself. */
    String rotateSigningKey(String service) {
        return SigningKeys.rotate(signingKey(service), retiredSigningKeys(service), service);
    }

    Path signingPublicKey(String service) {
        signingKey(service);
        return directory.resolve(service + ".pub");
    }

    /**
     * The service's KEK ring, {@code <service>.keks/} (kidsafe-crypto's {@link KekDirectory}: one owner-only
     * {@code <id>.kek} per version and {@code current}), made on first use with one fresh KEK. A data folder of the
     * previous release holds its KEK as the one file {@code <service>.kek}, under the default id {@code kek-1}: it becomes
     * the ring's current version under that id, so every key it wrapped stays readable, and the old file is deleted,
     * so that retiring {@code kek-1} later leaves no copy behind (issue 18 item 1; {@code KeysTest}).
     */
    Path keyEncryptionKeys(String service) {
        Path ring = directory.resolve(service + ".keks");
        Path previousRelease = directory.resolve(service + ".kek");
        try {
            if (!Files.exists(ring.resolve(KekDirectory.CURRENT))) {
                Files.createDirectories(ring, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                if (Files.exists(previousRelease)) {
                    KekDirectory.adopt(ring, PREVIOUS_RELEASE_KEK_ID, Files.readString(previousRelease));
                } else {
                    KekDirectory.initialise(ring);
                }
            }
            Files.deleteIfExists(previousRelease);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ring;
    }

    /**
     * The deployment's pseudonymisation key (256 bits, base64, owner-only): one for the whole platform, not per
     * service, and never rotated with the KEKs, since media-service and Keycloak keep the pseudonyms made with it.
     */
    Path pseudonymisationKey() {
        return randomKey(directory.resolve("pseudonymisation.key"));
    }

    private Path randomKey(Path file) {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createDirectories(directory);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /**
     * Writes Kafka client settings, e.g. a login, as a properties file readable by the owner only, for command-line
     * tools ({@code ./kidsafe dead-letters}); returns its path.
     */
    Path kafkaClientProperties(String name, Map<String, Object> settings) {
        Path file = directory.resolve(name + ".kafka.properties");
        Properties properties = new Properties();
        settings.forEach((key, value) -> properties.setProperty(key, value.toString()));
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "Kafka client settings of " + name + " (secret)");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random secret kept in a file, e.g. a database password, stable across restarts. */
    String secret(String name) {
        Path file = secretFile(name);
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file of {@link #secret}, made on first use: what a service is told to read its credential from, at every use,
     * so that {@link #replaceSecret} reaches it without a restart (issue 16 item 5).
     */
    Path secretFile(String name) {
        Path file = directory.resolve(name + ".secret");
        if (!Files.exists(file)) {
            write(file, newSecret());
        }
        return file;
    }

    /**
     * Replaces the secret with {@code secret}, atomically: a service reading the file sees the old value or the new
     * one, never a half-written file.
     */
    void replaceSecret(String name, String secret) {
        write(directory.resolve(name + ".secret"), secret);
    }

    /** A fresh random secret (192 bits, URL-safe base64), e.g. for {@link #replaceSecret}. */
    static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes an owner-only file beside its destination, then moves it into place in one step. */
    private void write(Path file, String secret) {
        try {
            Files.createDirectories(directory);
            Path staging = Files.createTempFile(directory, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staging, secret);
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
