package org.kidsafe.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./kidsafe rotate} with the platform stopped (issue 16 item 5): each credential gets a new secret in its file
 * only, owner-readable, which the next start sets where it is checked; and which service holds which credential (the
 * live rotation, against the running platform, is {@code CredentialRotationIT}).
 */
class CredentialRotationTest {

    @TempDir
    Path directory;

    @Test
    void withThePlatformStoppedEachCredentialChangesInItsFileOnly() throws Exception {
        Keys keys = new Keys(directory);
        CredentialRotation rotation = new CredentialRotation(keys, Ports.free());
        List<String> names = List.of(Platform.databasePasswordName(Platform.PROFILE), LocalKafka.passwordName(Platform.PROFILE),
                Platform.keycloakSecretName(Platform.PROFILE));
        List<String> before = names.stream().map(keys::secret).toList();

        for (Credential credential : List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.KEYCLOAK)) {
            assertTrue(rotation.rotate(credential, Platform.PROFILE).contains("next start"), credential.option());
        }

        for (int i = 0; i < names.size(); i++) {
            assertNotEquals(before.get(i), keys.secret(names.get(i)), names.get(i));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.secretFile(names.get(i)))));
        }
        try (var files = Files.list(directory)) {
            assertTrue(files.noneMatch(file -> file.toString().endsWith(".tmp")), "no staging file left behind");
        }
    }

    @Test
    void eachServiceRotatesWhatItHoldsAndNothingElse() {
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.SIGNING_KEY), Credential.heldByService(Platform.CONSENT));
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.KEYCLOAK, Credential.SIGNING_KEY),
                Credential.heldByService(Platform.PROFILE));
        assertEquals(List.of(Credential.KEYCLOAK), Credential.heldByService(Platform.GATEWAY));
        CredentialRotation rotation = new CredentialRotation(new Keys(directory), Ports.free());
        assertThrows(IllegalArgumentException.class, () -> rotation.rotate(Credential.DATABASE_PASSWORD, Platform.GATEWAY));
    }
}
