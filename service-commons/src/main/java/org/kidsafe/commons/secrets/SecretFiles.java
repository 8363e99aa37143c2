package org.kidsafe.commons.secrets;

import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a service reads a credential it may have to give up after a breach (issue 16 item 5): from a file, read
 * again at every use, never cached. {@code ./kidsafe rotate} replaces the file atomically, and Kubernetes updates a
 * Secret mounted as a volume in place, so the running service takes the new credential up without a restart: the
 * datasource asks this bean (a Quarkus {@link CredentialsProvider}) for the password of each new connection (Agroal
 * calls the provider in {@code ConnectionFactory.createConnection}), Kafka clients read it at every SASL
 * (re-)authentication ({@code org.kidsafe.events.kafka.PasswordFileScramLogin}), and the Keycloak clients at every
 * token request. Files are named per credential under {@code kidsafe.secret-files.<name>}.
 */
@ApplicationScoped
@Named(SecretFiles.PROVIDER)
public class SecretFiles implements CredentialsProvider {

    /** The bean name the datasource names in {@code quarkus.datasource.credentials-provider-name}. */
    public static final String PROVIDER = "kidsafe-secret-files";
    /** The database password's file: {@code kidsafe.secret-files.database}. */
    public static final String DATABASE = "database";
    /** The service's Keycloak client secret's file: {@code kidsafe.secret-files.keycloak-client}. */
    public static final String KEYCLOAK_CLIENT = "keycloak-client";

    private final SecretFileSettings settings;

    SecretFiles(SecretFileSettings settings) {
        this.settings = settings;
    }

    /** The named credential's current value, or empty when no file is configured for it. */
    public Optional<String> current(String name) {
        return Optional.ofNullable(settings.files().get(name)).map(SecretFiles::read);
    }

    /**
     * The credential from its file where one is configured, else the plain setting: service tests, and the chart while it
     * passes the secret as an environment variable (then a rotation needs a rolling restart; deploy/README.md).
     */
    public Optional<String> current(String name, Optional<String> setting) {
        return current(name).or(() -> setting);
    }

    /** Agroal's question for each new connection: the password, as the file says now. */
    @Override
    public Map<String, String> getCredentials(String name) {
        return Map.of(PASSWORD_PROPERTY_NAME, current(name).orElseThrow(
                () -> new IllegalStateException("kidsafe.secret-files." + name + " is not configured")));
    }

    /** A secret file's content without the trailing newline an editor or a Kubernetes Secret may add. */
    public static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the secret file " + file, e);
        }
    }
}
