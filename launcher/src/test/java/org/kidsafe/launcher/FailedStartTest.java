package org.kidsafe.launcher;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform whose start fails stops what it had started before the failure reaches its caller. It used to leave that to
 * the JVM's shutdown hook, which never ran: the in-process broker's threads are not daemons, so the caller's JVM did not
 * exit after the failure, and PostgreSQL, Keycloak and the services started so far outlived a failed benchmark run.
 */
class FailedStartTest {

    @Test
    void aFailedStartLeavesNothingRunning() throws IOException {
        // A repository without the services' packaged applications: the start fails once the infrastructure is up, at
        // consent-service's migration task (the first use of a service's application).
        Path unbuilt = Files.createTempDirectory("kidsafe-unbuilt");
        Path data = Files.createTempDirectory("kidsafe-failed-start");
        Ports ports = Ports.free();
        try {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new Platform(unbuilt, data, ports, false).start());
            assertTrue(failure.getMessage().contains("is not built"), failure.getMessage());
            Map.of("PostgreSQL", ports.postgres(), "Keycloak's PostgreSQL", ports.keycloakPostgres(), "Kafka", ports.kafka(),
                            "the mailbox", ports.smtp(), "Keycloak", ports.keycloak())
                    .forEach((component, port) -> assertFalse(Ports.listening(port), component + " still listens on " + port));
        } finally {
            Directories.deleteRecursively(data);
            Directories.deleteRecursively(unbuilt);
        }
    }
}
