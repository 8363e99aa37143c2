package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.CanonicalYaml;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.Ports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gateway serves exactly the committed contract, api/kidsafe-v1.yaml (issue 20 item 2): the document of
 * {@code GET /api/openapi} and the committed file are compared as trees, and a difference names the paths, schemas
 * and other sections that differ. With {@code -Dkidsafe.api.write=true} the test writes the served document to the
 * committed file instead (docs/api.md, "Regenerating the committed document").
 *
 * <p>The one value of the document that depends on the deployment is the identity provider's URL
 * ({@code kidsafe.openapi.issuer}: discovery, authorization and token endpoints). The committed document carries the
 * issuer of {@code ./kidsafe up} ({@link Ports#standard()}); this platform runs on free ports, so its issuer is put back
 * to that one before comparing or writing. Servers are relative ({@code /}), so nothing else names a host or port.
 */
class ServedDocumentIT {

    private static final String WRITE = "kidsafe.api.write";

    @Test
    void theGatewayServesTheCommittedDocument() {
        Platform platform = RunningPlatform.get();
        JsonNode served = new ApiClient(platform.gatewayUrl()).get("/api/openapi", null).expect(200);
        assertTrue(served.path("x-kidsafe-unavailable").isMissingNode(),
                "Not every service answered, so the document is incomplete: " + served.path("x-kidsafe-unavailable"));
        String issuer = platform.keycloak().issuer();
        String standardIssuer = issuer.replace(platform.keycloak().baseUrl(), "http://127.0.0.1:" + Ports.standard().keycloak());
        JsonNode canonical = replaceText(served.deepCopy(), issuer, standardIssuer);

        Path committed = Path.of(System.getProperty("kidsafe.root", "..")).resolve(CanonicalYaml.COMMITTED).toAbsolutePath().normalize();
        if (Boolean.getBoolean(WRITE)) {
            CanonicalYaml.write(canonical, committed);
            System.out.println("Wrote the served document to " + committed);
            return;
        }
        JsonNode expected = CanonicalYaml.read(committed);
        if (!expected.equals(canonical)) {
            fail("The gateway serves a document other than " + CanonicalYaml.COMMITTED + ":\n  "
                    + String.join("\n  ", differences(expected, canonical))
                    + "\nIf the change is intended, rewrite the committed document from the served one and commit it:\n"
                    + "  ./mvnw -B -pl end-to-end-tests -am verify -Dit.test=ServedDocumentIT -Dtest=none "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -D" + WRITE + "=true\n"
                    + "(then api's ApiCompatibilityTest checks that the change breaks no released client)");
        }
    }

    /** Which paths, schemas and other top-level sections differ, by name. */
    static List<String> differences(JsonNode committed, JsonNode served) {
        List<String> differences = new ArrayList<>();
        compareMembers("path", committed.path("paths"), served.path("paths"), differences);
        compareMembers("schema", committed.path("components").path("schemas"), served.path("components").path("schemas"), differences);
        compareMembers("security scheme", committed.path("components").path("securitySchemes"),
                served.path("components").path("securitySchemes"), differences);
        TreeSet<String> sections = new TreeSet<>();
        committed.fieldNames().forEachRemaining(sections::add);
        served.fieldNames().forEachRemaining(sections::add);
        sections.remove("paths");
        sections.remove("components");
        for (String section : sections) {
            if (!committed.path(section).equals(served.path(section))) {
                differences.add("section " + section + " differs");
            }
        }
        return differences;
    }

    private static void compareMembers(String kind, JsonNode committed, JsonNode served, List<String> differences) {
        TreeSet<String> names = new TreeSet<>();
        committed.fieldNames().forEachRemaining(names::add);
        served.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!committed.has(name)) {
                differences.add(kind + " " + name + ": served, not committed");
            } else if (!served.has(name)) {
                differences.add(kind + " " + name + ": committed, not served");
            } else if (!committed.get(name).equals(served.get(name))) {
                differences.add(kind + " " + name + ": differs");
            }
        }
    }

    private static JsonNode replaceText(JsonNode node, String from, String to) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replaceText(field.getValue(), from, to));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, replaceText(node.get(i), from, to));
            }
        } else if (node.isTextual() && node.asText().contains(from)) {
            return TextNode.valueOf(node.asText().replace(from, to));
        }
        return node;
    }
}
