package org.kidsafe.embedded.keycloak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Keycloak with a known privilege escalation or account takeover is unpacked for tests and {@code ./kidsafe up}.
 * The floor is the root pom's {@code keycloak.minimum-version} (one number for the whole build; deploy's
 * {@code KeycloakImagePinTest} holds the Helm chart's image to the same floor). It is one global minimum, not one per
 * minor line: KidSafe runs one Keycloak line, and a global minimum cannot be met by an old line's patch release.
 *
 * <p>Why the floor is 26.7.3 (fix versions from the {@code release/*} labels of Keycloak's own issues):
 * <table>
 *   <caption>CVEs that set the floor</caption>
 *   <tr><th>CVE</th><th>what</th><th>fixed in</th></tr>
 *   <tr><td>CVE-2026-3121 (keycloak#46719)</td><td>{@code manage-clients} escalation</td><td>26.4.11, 26.5.6, 26.6.0</td></tr>
 *   <tr><td>CVE-2026-4629 (keycloak#50445)</td><td>hardcoded role mapper by a client manager gives {@code realm-admin}</td><td>26.4.14, 26.6.5</td></tr>
 *   <tr><td>CVE-2026-9795 (keycloak#50350)</td><td>FGAP v2 scope-mapping bypass</td><td>26.4.13, 26.6.4, 26.7.0</td></tr>
 *   <tr><td>CVE-2026-14614 (keycloak#50615)</td><td>FGAP v2 bypass in client scope assignment</td><td>26.4.14, 26.6.5;
 *       the issue names no 26.7 release, its backports (PRs #50919, #50920, #50922) merged on 2026-07-15, before
 *       26.7.2 and 26.7.3</td></tr>
 *   <tr><td>CVE-2026-15572 (keycloak#51468), CVE-2026-16102 (keycloak#51473)</td><td>dynamic client registration policy bypasses</td><td>26.4.14, 26.6.5, 26.7.1, 26.8.0</td></tr>
 *   <tr><td>CVE-2026-18963 (keycloak#51833)</td><td>unauthenticated account takeover through the reset-credentials flow
 *       (the KidSafe realm has {@code resetPasswordAllowed})</td><td>26.4.15, 26.6.6, 26.7.2, 26.8.0</td></tr>
 *   <tr><td>CVE-2026-16105 (keycloak#51002), CVE-2026-16106 (keycloak#51112)</td><td>missing authorization on the
 *       admin API's role-composite endpoints (a delegated admin strips {@code manage-clients} etc. from others)</td><td>26.6.7, 26.7.3</td></tr>
 *   <tr><td>CVE-2026-18571 (keycloak#51378)</td><td>FGAP v2 group assignment bypass during user creation: a user
 *       creator puts its users into any group; the toy registrar of {@code docs/design/toy-identity.md} relies on
 *       the fix</td><td>26.6.7, 26.7.3</td></tr>
 * </table>
 * The six CVEs of issue 16 alone need 26.7.1 on the 26.7 line (CVE-2026-15572/16102; CVE-2026-4629 and -14614 name
 * no 26.7 release, and 26.7.3 came out after their fixes and backports); CVE-2026-18963 raises it to
 * 26.7.2 and CVE-2026-16105/16106 and -18571 to 26.7.3, the newest release Maven Central serves. A 26.6 line would need 26.6.7;
 * the global floor refuses it anyway.
 */
class KeycloakVersionFloorTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path ROOT_POM = MODULE.resolve("../pom.xml").normalize();

    @ParameterizedTest(name = "{0}: accepted={1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            26.5.5  | false | the pin before issue 16: CVE-2026-3121, -4629, -9795, -14614, -15572, -16102
            26.5.6  | false | fixes CVE-2026-3121 only
            26.6.5  | false | fixes issue 16's CVEs on 26.6, not CVE-2026-18963 (26.6.6) or -16105/-16106 (26.6.7)
            26.6.7  | false | patched 26.6 line: below the global floor
            26.7.0  | false | CVE-2026-15572, -16102 (fixed 26.7.1)
            26.7.1  | false | CVE-2026-18963 (fixed 26.7.2)
            26.7.2  | false | CVE-2026-16105, -16106, -18571 (fixed 26.7.3)
            26.7.3  | true  | the floor
            26.7.10 | true  | numeric, not text, comparison
            26.8.0  | true  | a newer minor line
            27.0.0  | true  | a newer major
            """)
    void theFloorRefusesEveryReleaseWithAKnownEscalation(String version, boolean accepted, String why) {
        assertEquals(accepted, atLeast(version, floor()), version + ": " + why);
    }

    @Test
    void theFloorIsNotBelowTheReleaseThatFixesTheCvesAbove() {
        assertTrue(atLeast(floor(), "26.7.3"), "keycloak.minimum-version " + floor() + " was lowered below 26.7.3");
    }

    @Test
    void theBuildPinsAKeycloakAtOrAboveTheFloor() {
        String pinned = rootPomProperty("keycloak.version");
        assertTrue(atLeast(pinned, floor()), "keycloak.version " + pinned + " is below the floor " + floor());
    }

    /** What the build really unpacked: the {@code version.txt} that {@link KeycloakDistribution#version} reads. */
    @Test
    void theUnpackedDistributionIsThePinnedOneAndAtOrAboveTheFloor() {
        String pinned = rootPomProperty("keycloak.version");
        Path unpacked = MODULE.resolve("target").resolve("keycloak-" + pinned);
        assertTrue(KeycloakDistribution.isDistribution(unpacked), "the build did not unpack " + unpacked);
        assertEquals(pinned, KeycloakDistribution.version(unpacked));

        Path located = KeycloakDistribution.locate();
        String running = KeycloakDistribution.version(located);
        assertTrue(atLeast(running, floor()), located + " is Keycloak " + running + ", below the floor " + floor());
    }

    private static String floor() {
        return rootPomProperty("keycloak.minimum-version");
    }

    private static boolean atLeast(String version, String minimum) {
        return KeycloakRelease.atLeast(version, minimum);
    }

    static String rootPomProperty(String name) {
        return KeycloakRelease.pomProperty(ROOT_POM, name);
    }
}
