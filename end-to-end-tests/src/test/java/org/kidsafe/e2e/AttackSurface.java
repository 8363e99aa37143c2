package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every operation the gateway's aggregated OpenAPI document publishes, as an attacker reads it: what
 * can be called (by operationId, and as method + path), what is public, and which string inputs (path, query, header,
 * JSON field) it takes.
 */
final class AttackSurface {

    static final String GATEWAY_PREFIX = "/api";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]+}");

    private static List<Operation> operations;

    /** A documented input that carries a string (ids, enums and free text alike); UUIDs are parsed before any query. */
    record Slot(String in, String name, boolean isUuid) {
        Slot(String in, String name) {
            this(in, name, false);
        }

        @Override
        public String toString() {
            return in + " " + name;
        }
    }

    /**
     * @param path gateway path below {@code /api}, with {@code {placeholders}}, e.g. {@code /v1/children/{childId}}
     */
    record Operation(String operationId, String method, String path, boolean isPublic, List<Slot> stringInputs, String bodyType,
                     Map<String, JsonNode> bodyFields, List<String> requiredFields) {
        String key() {
            return method + " " + path;
        }

        /** Whether a request's method and gateway path (without query) are this operation's, placeholders standing for one segment. */
        boolean matches(String requestMethod, String gatewayPath) {
            return method.equals(requestMethod) && gatewayPath.matches(PLACEHOLDER.matcher(Pattern.quote(path)).replaceAll("\\\\E[^/]+\\\\Q"));
        }

        @Override
        public String toString() {
            return key();
        }
    }

    private AttackSurface() {
    }

    static synchronized List<Operation> operations() {
        if (operations == null) {
            JsonNode document = new ApiClient(RunningPlatform.get().gatewayUrl()).get(GATEWAY_PREFIX + "/openapi", null).expect(200);
            if (document.has("x-kidsafe-unavailable")) {
                throw new IllegalStateException("The OpenAPI document is incomplete: " + document.path("x-kidsafe-unavailable"));
            }
            operations = read(document);
        }
        return operations;
    }

    /**
     * The documented operation a request reached: the one whose path template matches with the fewest placeholders, so
     * that {@code /v1/notices/current} is {@code getCurrentNotice}, not {@code getNotice} with version "current".
     */
    static Optional<Operation> reachedBy(String method, String gatewayPath) {
        return operations().stream().filter(operation -> operation.matches(method, gatewayPath))
                .min(Comparator.comparingLong(operation -> operation.path().chars().filter(c -> c == '{').count()));
    }

    private static List<Operation> read(JsonNode document) {
        boolean securedByDefault = !document.path("security").isEmpty();
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = methods.next();
                if (entry.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                boolean isPublic = operation.has("security") ? operation.path("security").isEmpty() : !securedByDefault;
                List<Slot> inputs = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    if (isString(document, parameter.path("schema"))) {
                        inputs.add(new Slot(parameter.path("in").asText(), parameter.path("name").asText(), isUuid(document, parameter.path("schema"))));
                    }
                }
                String bodyType = null;
                Map<String, JsonNode> bodyFields = new LinkedHashMap<>();
                List<String> requiredFields = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> contents = operation.path("requestBody").path("content").fields();
                if (contents.hasNext()) {
                    Map.Entry<String, JsonNode> content = contents.next();
                    bodyType = content.getKey();
                    JsonNode schema = resolve(document, content.getValue().path("schema"));
                    schema.path("required").forEach(name -> requiredFields.add(name.asText()));
                    for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        bodyFields.put(field.getKey(), resolve(document, field.getValue()));
                        if (isString(document, field.getValue())) {
                            inputs.add(new Slot("json", field.getKey(), isUuid(document, field.getValue())));
                        }
                    }
                }
                String gatewayPath = path.getKey().startsWith(GATEWAY_PREFIX + "/") ? path.getKey().substring(GATEWAY_PREFIX.length()) : path.getKey();
                found.add(new Operation(operation.path("operationId").asText(null), entry.getKey().toUpperCase(), gatewayPath, isPublic, List.copyOf(inputs), bodyType, bodyFields, List.copyOf(requiredFields)));
            }
        }
        return List.copyOf(found);
    }

    private static boolean isString(JsonNode document, JsonNode schema) {
        return resolve(document, schema).path("type").asText().equals("string") || schema.path("type").asText().equals("string");
    }

    private static boolean isUuid(JsonNode document, JsonNode schema) {
        return resolve(document, schema).path("format").asText().equals("uuid");
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.startsWith("#/")) {
            return document.at(ref.substring(1));
        }
        return schema;
    }
}
