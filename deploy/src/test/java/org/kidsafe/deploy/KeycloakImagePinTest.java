package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.keycloak.KeycloakRelease;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's Keycloak is the build's Keycloak. One source: the root pom's {@code keycloak.version} is what
 * embedded-platform unpacks and every test runs against; {@code keycloak.image} in values.yaml must carry exactly that
 * tag, and the rendered Keycloak CR must name it (before issue 16 the chart set no image and took whatever the operator
 * ships). Both stay at or above the root pom's {@code keycloak.minimum-version}, the security floor: 26.7.3, set by
 * CVE-2026-15572/16102 (fixed 26.7.1), CVE-2026-18963 (26.7.2) and CVE-2026-16105/16106 (26.7.3); the table of every
 * CVE and its fix is in embedded-platform's {@code KeycloakVersionFloorTest}.
 */
class KeycloakImagePinTest {

    private static final String REPOSITORY = "quay.io/keycloak/keycloak";
    private static final Path ROOT_POM = Chart.MODULE_DIR.resolve("../pom.xml").normalize();

    @Test
    void theDefaultImageIsTheKeycloakOfTheBuild() {
        String image = (String) Values.at(Values.load(Chart.VALUES), "keycloak.image");
        assertEquals(REPOSITORY + ":" + rootPomProperty("keycloak.version"), image,
                "keycloak.image in values.yaml and keycloak.version in the root pom must name the same release");
    }

    @Test
    void thePinnedTagIsAtOrAboveTheSecurityFloor() {
        String image = (String) Values.at(Values.load(Chart.VALUES), "keycloak.image");
        String tag = image.substring(image.lastIndexOf(':') + 1);
        String floor = rootPomProperty("keycloak.minimum-version");
        assertTrue(atLeast(tag, floor), "keycloak.image " + image + " is below the security floor " + floor);
        assertTrue(atLeast(floor, "26.7.3"), "keycloak.minimum-version " + floor + " was lowered below 26.7.3");
    }

    @Test
    void theKeycloakCrRunsThePinnedImageAndItsBuildStep() {
        List<GenericKubernetesResource> keycloaks = Scenario.PRODUCTION.manifests().ofKind("Keycloak");
        assertEquals(1, keycloaks.size());
        Map<String, Object> spec = Manifests.spec(keycloaks.get(0));
        assertEquals(REPOSITORY + ":" + rootPomProperty("keycloak.version"), spec.get("image"));
        // The stock image is not pre-built: with startOptimized true the operator would skip Keycloak's build
        // step and ignore build-time options such as db.vendor.
        assertEquals(Boolean.FALSE, spec.get("startOptimized"));
    }

    @Test
    void anEmptyOrUntaggedImageIsRefused() {
        for (String image : List.of("", "quay.io/keycloak/keycloak", "registry.example:5000/keycloak")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Chart.production().set("keycloak.image", image).yaml(), image);
            assertTrue(e.getMessage().contains("at '/keycloak/image'"), e.getMessage());
        }
        Chart.production().set("keycloak.image", "registry.example/kidsafe/keycloak@sha256:" + "a".repeat(64)).yaml();
    }

    /** The chart refuses, at render time, a Keycloak release below its floor, which is the root pom's floor. */
    @Test
    void theChartRefusesAKeycloakReleaseBelowTheFloor() throws Exception {
        String floor = rootPomProperty("keycloak.minimum-version");
        String helpers = Files.readString(Chart.DIR.resolve("templates/_helpers.tpl"));
        Matcher chartFloor = Pattern.compile("define \"kidsafe.keycloakMinimumVersion\" -}}\\s*(\\S+)\\s*\\{\\{-").matcher(helpers);
        assertTrue(chartFloor.find(), "no kidsafe.keycloakMinimumVersion in _helpers.tpl");
        assertEquals(floor, chartFloor.group(1), "the chart's floor and the root pom's keycloak.minimum-version differ");

        for (String image : List.of(REPOSITORY + ":" + justBelow(floor), REPOSITORY + ":26.5.5", "keycloak/keycloak:26.7.0",
                "registry.example/mirror/keycloak:26.7.1", REPOSITORY + ":26.6.7@sha256:" + "b".repeat(64))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Chart.production().set("keycloak.image", image).yaml(), image);
            assertTrue(e.getMessage().contains("keycloak.image " + image + " is below the security floor " + floor),
                    e.getMessage());
        }
        for (String image : List.of(REPOSITORY + ":" + floor, REPOSITORY + ":26.7.10", REPOSITORY + ":26.8.0",
                "registry.example/kidsafe/keycloak-optimized:1.0.0")) {
            Map<String, Object> spec = Manifests.spec(Chart.production().set("keycloak.image", image).manifests()
                    .ofKind("Keycloak").get(0));
            assertEquals(image, spec.get("image"));
        }
    }

    /** 26.7.3 -> 26.7.2, 26.8.0 -> 26.7.999: the newest release the floor refuses. */
    private static String justBelow(String floor) {
        int[] v = KeycloakRelease.parts(floor);
        for (int i = v.length - 1; i >= 0; i--) {
            if (v[i] > 0) {
                v[i]--;
                for (int j = i + 1; j < v.length; j++) {
                    v[j] = 999;
                }
                return Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining("."));
            }
        }
        throw new IllegalArgumentException("No release below " + floor);
    }

    private static boolean atLeast(String version, String minimum) {
        return KeycloakRelease.atLeast(version, minimum);
    }

    private static String rootPomProperty(String name) {
        return KeycloakRelease.pomProperty(ROOT_POM, name);
    }
}
