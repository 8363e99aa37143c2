package org.kidsafe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a KidSafe OpenAPI document must hold for mobile developers and client generators (issue 20 item 1): one check
 * shared by every service's test and the gateway's, so "complete" means the same everywhere. {@link #violations}
 * names every gap at once, so a failing test lists all of them.
 */
public final class OpenApiContract {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM_REF = SCHEMAS + "Problem";
    private static final String PROBLEM_TYPE = "application/problem+json";

    private OpenApiContract() {
    }

    public static List<String> violations(JsonNode document) {
        List<String> violations = new ArrayList<>();
        if (!document.path("servers").isArray() || document.path("servers").isEmpty()) {
            violations.add("no servers");
        }
        JsonNode schemes = document.path("components").path("securitySchemes");
        if (schemes.path("oidc").path("openIdConnectUrl").asText("").isEmpty()) {
            violations.add("no openIdConnect scheme 'oidc' with a discovery URL");
        }
        if (schemes.path("oauth2").path("flows").path("authorizationCode").isMissingNode()
                || schemes.path("oauth2").path("flows").path("password").isMissingNode()) {
            violations.add("no oauth2 scheme with the parents' authorizationCode and the toys' password flow");
        }
        JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");
        for (String member : List.of("type", "title", "status", "detail", "requestId", "errors")) {
            if (problem.path(member).isMissingNode()) {
                violations.add("Problem schema lacks " + member);
            }
        }
        Set<String> operationIds = new HashSet<>();
        fields(document.path("paths")).forEach((path, item) -> fields(item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                checkOperation(method.toUpperCase() + " " + path, operation, operationIds, violations);
            }
        }));
        Set<String> unused = new TreeSet<>();
        fields(document.path("components").path("schemas")).keySet().forEach(unused::add);
        unused.removeAll(referencedSchemas(document));
        unused.forEach(name -> violations.add("schema " + name + " is used by no operation"));
        return violations;
    }

    /** Writes the document where a linter (Redocly CLI) can read it after the test run: target/openapi/{name}.json. */
    public static void export(JsonNode document, String name) {
        try {
            Path file = Path.of("target", "openapi", name + ".json");
            Files.createDirectories(file.getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkOperation(String name, JsonNode operation, Set<String> operationIds, List<String> violations) {
        String operationId = operation.path("operationId").asText("");
        if (operationId.isEmpty()) {
            violations.add(name + ": no operationId");
        } else if (!operationIds.add(operationId)) {
            violations.add(name + ": operationId " + operationId + " is not unique");
        }
        if (!operation.has("security")) {
            violations.add(name + ": security neither required nor declared absent");
        }
        fields(operation.path("requestBody").path("content")).forEach((type, media) -> {
            if (!isBinary(media.path("schema")) && !media.has("example") && !media.has("examples")
                    && media.path("schema").path("example").isMissingNode()) {
                violations.add(name + ": request body " + type + " has no example");
            }
        });
        boolean documentsErrors = false;
        for (Map.Entry<String, JsonNode> response : fields(operation.path("responses")).entrySet()) {
            String status = response.getKey();
            JsonNode content = response.getValue().path("content");
            if (status.startsWith("2")) {
                fields(content).forEach((type, media) -> {
                    if (!isTyped(media.path("schema"))) {
                        violations.add(name + ": " + status + " " + type + " is neither a named schema nor binary");
                    }
                });
            } else if (status.startsWith("4") || status.startsWith("5")) {
                documentsErrors |= status.startsWith("4");
                if (content.size() != 1 || !PROBLEM_REF.equals(content.path(PROBLEM_TYPE).path("schema").path("$ref").asText())) {
                    violations.add(name + ": " + status + " is not " + PROBLEM_TYPE + " with the Problem schema");
                }
            }
        }
        if (fields(operation.path("responses")).keySet().stream().noneMatch(status -> status.startsWith("2"))) {
            violations.add(name + ": documents no success answer");
        }
        if (!documentsErrors) {
            violations.add(name + ": documents no 4xx answer");
        }
    }

    private static boolean isTyped(JsonNode schema) {
        return schema.has("$ref") || isBinary(schema) || ("array".equals(schema.path("type").asText()) && isTyped(schema.path("items")));
    }

    private static boolean isBinary(JsonNode schema) {
        return "binary".equals(schema.path("format").asText());
    }

    /** Schemas reachable from the paths, following references between schemas. */
    private static Set<String> referencedSchemas(JsonNode document) {
        Set<String> found = new HashSet<>();
        List<String> pending = new ArrayList<>();
        collectRefs(document.path("paths"), pending);
        while (!pending.isEmpty()) {
            String name = pending.remove(pending.size() - 1);
            if (found.add(name)) {
                collectRefs(document.path("components").path("schemas").path(name), pending);
            }
        }
        return found;
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            String ref = node.path("$ref").asText("");
            if (ref.startsWith(SCHEMAS)) {
                into.add(ref.substring(SCHEMAS.length()));
            }
        }
        node.elements().forEachRemaining(child -> collectRefs(child, into));
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> iterator = node.fields();
        iterator.forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue()));
        return fields;
    }
}
