package org.kidsafe.embedded.keycloak;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.jvm.RuntimeJdk;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the build put Keycloak, and which JDK runs it; no Keycloak is started here. */
class KeycloakDistributionTest {

    @Test
    void buildUnpacksTheDistributionIntoTarget() {
        Path home = KeycloakDistribution.locate();
        String version = KeycloakDistribution.version(home);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
        assertEquals("keycloak-" + version, home.getFileName().toString());
        assertEquals("target", home.getParent().getFileName().toString());
        assertTrue(Files.isRegularFile(home.resolve("bin/kc.sh")));
    }

    @Test
    void aWorkFolderIsNeverTakenForTheDistribution(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path home = KeycloakDistribution.locate();
        assertThrows(IllegalArgumentException.class,
                () -> KeycloakServer.builder(home, home.resolve("work")).start());
        assertThrows(IllegalArgumentException.class, () -> KeycloakServer.builder(dir, dir.resolve("work")).start());
    }

    @Test
    void keycloakRunsOnAJdkOfItsOwnChoice() {
        Path javaHome = RuntimeJdk.resolve();
        assertTrue(Files.isExecutable(javaHome.resolve("bin/java")), javaHome.toString());
        assertTrue(RuntimeJdk.majorVersion(javaHome) >= 17, javaHome.toString());
    }
}
