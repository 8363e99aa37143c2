package org.kidsafe.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed document is exactly what the writer produces (issue 20 item 2), so it is only ever changed by
 * rewriting it from the served document (docs/api.md, "Regenerating the committed document"), never by hand.
 */
class CommittedDocumentFormTest {

    @Test
    void theCommittedDocumentIsInCanonicalForm() throws Exception {
        Path committed = Path.of("kidsafe-v1.yaml");
        String text = Files.readString(committed, StandardCharsets.UTF_8);
        assertEquals(CanonicalYaml.write(CanonicalYaml.read(committed)), text,
                "api/kidsafe-v1.yaml is not in the form CanonicalYaml writes: rewrite it from the served document "
                        + "(docs/api.md, \"Regenerating the committed document\") instead of editing it by hand");
    }
}
