package org.kidsafe.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A copy is a separate tree with the same files (Keycloak's H2 export runs on one, so the store kept for a rollback is
 * never migrated), and a symbolic link stays a link, never followed out of the folder.
 */
class DirectoriesTest {

    @Test
    void aCopyHoldsTheSameFilesAndChangingItLeavesTheOriginalAlone(@TempDir Path root) throws IOException {
        Path original = root.resolve("keycloak");
        Files.createDirectories(original.resolve("data").resolve("h2"));
        Files.write(original.resolve("data").resolve("h2").resolve("keycloakdb.mv.db"), new byte[] {1, 2, 3});
        Files.writeString(original.resolve("keycloak.log"), "started");
        Path outside = Files.writeString(root.resolve("outside.txt"), "not copied");
        Files.createSymbolicLink(original.resolve("link"), outside);

        Path copy = root.resolve("keycloak-h2-copy.tmp");
        Directories.copyRecursively(original, copy);
        Files.write(copy.resolve("data").resolve("h2").resolve("keycloakdb.mv.db"), new byte[] {9});

        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(original.resolve("data").resolve("h2").resolve("keycloakdb.mv.db")));
        assertEquals("started", Files.readString(copy.resolve("keycloak.log")));
        assertTrue(Files.isSymbolicLink(copy.resolve("link")), "a link is copied as a link");
        assertEquals(outside, Files.readSymbolicLink(copy.resolve("link")));

        Directories.deleteRecursively(copy);
        assertFalse(Files.exists(copy));
        assertEquals("not copied", Files.readString(outside), "deleting the copy leaves the link's target alone");
    }
}
