package org.kidsafe.launcher;

import org.kidsafe.crypto.signing.SigningKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.Writer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The keys a local platform needs, made once and kept in the data folder, outside every database:
 * each service's report-signing key pair, the key-encryption keys of profile and media, and the passwords of the
 * database roles and Kafka principals.
 */
final class Keys {

    private final Path directory;

    Keys(Path directory) {
        this.directory = directory;
    }

    /** The service's private signing key file ({@code .pub} beside it), created on first use. */
    Path signingKey(String service) {
        Path key = directory.resolve(service + ".key");
        if (!Files.exists(key)) {
            SigningKeys.write(SigningKeys.generate(), directory, service);
        }
        return key;
    }

    Path signingPublicKey(String service) {
        signingKey(service);
        return directory.resolve(service + ".pub");
    }

    /** A 256-bit key-encryption key, base64 in a file readable by the owner only. */
    Path keyEncryptionKey(String service) {
        Path kek = directory.resolve(service + ".kek");
        if (!Files.exists(kek)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createDirectories(directory);
                Files.writeString(kek, Base64.getEncoder().encodeToString(key));
                Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kek;
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
        Path file = directory.resolve(name + ".secret");
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(directory);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
