package org.kidsafe.api;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed document keeps every promise of the newest release in api/released/ (issue 20 item 5; docs/api.md,
 * "Stability"), and the check really can fail: fixtures with a removed operation or a newly required parameter are
 * reported as breaking, an additive change is not.
 */
class ApiCompatibilityTest {

    private static final Path COMMITTED = Path.of("kidsafe-v1.yaml");
    private static final Path RELEASED = Path.of("released");

    @Test
    void theCommittedDocumentBreaksNoClientOfTheNewestRelease() {
        Path release = ApiCompatibility.newestRelease(RELEASED)
                .orElseThrow(() -> new AssertionError("No released baseline kidsafe-vX.Y.Z.yaml in " + RELEASED.toAbsolutePath()));
        List<String> breaking = ApiCompatibility.breakingChanges(release, COMMITTED);
        if (!breaking.isEmpty()) {
            fail(COMMITTED + " breaks clients of " + release.getFileName() + " (v1 allows additive changes only; "
                    + "deprecate, then remove after the sunset period, in v2: docs/api.md \"Stability\"):\n  "
                    + String.join("\n  ", breaking));
        }
    }

    @Test
    void aRemovedOperationIsBreaking() throws URISyntaxException {
        List<String> breaking = ApiCompatibility.breakingChanges(fixture("base.yaml"), fixture("removed-operation.yaml"));
        assertEquals(List.of("removed: DELETE /api/v1/children/{childId} (deleteChild)"), breaking);
    }

    @Test
    void aNewlyRequiredParameterIsBreaking() throws URISyntaxException {
        List<String> breaking = ApiCompatibility.breakingChanges(fixture("base.yaml"), fixture("required-parameter.yaml"));
        assertEquals(List.of("changed incompatibly: GET /api/v1/children (listChildren): parameters"), breaking);
    }

    @Test
    void anAdditiveChangeIsNotBreaking() throws URISyntaxException {
        assertEquals(List.of(), ApiCompatibility.breakingChanges(fixture("base.yaml"), fixture("additive.yaml")));
    }

    @Test
    void theNewestReleaseIsChosenByVersionNotByName() throws Exception {
        Path folder = Files.createTempDirectory("released");
        for (String name : List.of("kidsafe-v1.9.0.yaml", "kidsafe-v1.10.0.yaml", "kidsafe-v1.2.3.yaml", "notes.md")) {
            Files.writeString(folder.resolve(name), "");
        }
        assertEquals(folder.resolve("kidsafe-v1.10.0.yaml"), ApiCompatibility.newestRelease(folder).orElseThrow());
        assertTrue(ApiCompatibility.newestRelease(Files.createTempDirectory("none")).isEmpty());
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ApiCompatibilityTest.class.getResource("/compatibility/" + name).toURI());
    }
}
