package org.kidsafe.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.crypto.kek.KekDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

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
        // consent-service holds a KEK since signed consent forms are sealed per parent (issue 18 item 2), and the Keycloak
        // client that deletes a leaving parent's user (issue 19 item 5).
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.KEYCLOAK, Credential.SIGNING_KEY, Credential.KEK),
                Credential.heldByService(Platform.CONSENT));
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.KEYCLOAK, Credential.SIGNING_KEY, Credential.KEK),
                Credential.heldByService(Platform.PROFILE));
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KAFKA, Credential.SIGNING_KEY, Credential.KEK),
                Credential.heldByService(Platform.MEDIA));
        // The gateway's database holds only the rate limits its replicas share (issue 21 item 1).
        assertEquals(List.of(Credential.DATABASE_PASSWORD, Credential.KEYCLOAK), Credential.heldByService(Platform.GATEWAY));
        CredentialRotation rotation = new CredentialRotation(new Keys(directory), Ports.free());
        assertThrows(IllegalArgumentException.class, () -> rotation.rotate(Credential.KAFKA, Platform.GATEWAY));
        assertThrows(IllegalArgumentException.class, () -> rotation.rotate(Credential.KEK, Platform.GATEWAY));
        assertThrows(IllegalArgumentException.class, () -> rotation.retireKeys(Platform.GATEWAY));
    }

    /**
     * {@code --kek} (issue 18 item 1): a new KEK version becomes current in the service's ring and the old one stays
     * readable; with the database down nothing can tell whether a key still uses the old one, so {@code --retire-keks}
     * destroys nothing. (Retirement against a database: media-service's DataKeyRotationTest.)
     */
    @Test
    void aKekRotationAddsAVersionKeepsTheOldOneReadableAndRetiresNothingItCannotCheck() throws Exception {
        Keys keys = new Keys(directory);
        Path ring = keys.keyEncryptionKeys(Platform.MEDIA);
        String before = Files.readString(ring.resolve("kek-1" + KekDirectory.SUFFIX));
        CredentialRotation rotation = new CredentialRotation(keys, Ports.free());

        String said = rotation.rotate(Credential.KEK, Platform.MEDIA);

        assertEquals("kek-2", KekDirectory.currentId(ring), said);
        assertEquals(Set.of("kek-1", "kek-2"), KekDirectory.ids(ring));
        assertEquals(before, Files.readString(ring.resolve("kek-1" + KekDirectory.SUFFIX)), "the old KEK is kept as it was");
        assertTrue(said.contains("none was retired"), said);
        assertTrue(rotation.retireKeys(Platform.MEDIA).contains("none was retired"));
        assertTrue(Files.exists(ring.resolve("kek-1" + KekDirectory.SUFFIX)));
        for (String id : KekDirectory.ids(ring)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring.resolve(id + KekDirectory.SUFFIX))));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
        try (var files = Files.list(ring)) {
            assertTrue(files.noneMatch(file -> file.toString().endsWith(".tmp")), "no staging file left behind");
        }
    }
}
