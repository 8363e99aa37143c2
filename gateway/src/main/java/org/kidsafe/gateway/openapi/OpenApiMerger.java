package org.kidsafe.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.kidsafe.gateway.routing.Route;
import org.kidsafe.gateway.routing.RouteTable;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the services' OpenAPI documents into the one the mobile developers use: service paths
 * become gateway paths ({@code /v1/...} → {@code /api/v1/...}), only operations the route table
 * really sends to that service are kept, schemas that clash by name get the service's name in front,
 * schemas no kept operation uses are dropped, and every operation requires a token of the gateway's security schemes
 * except the public routes. Servers and security schemes are the gateway's own document's (service-commons'
 * ApiContractFilter), so the merge adds nothing the services' documents do not already say.
 */
final class OpenApiMerger {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The project's licence (the LICENSE file at the repository root), in the document's info as Redocly's info-license asks. */
    private static final ObjectNode LICENSE = NODES.objectNode()
            .put("name", "Apache-2.0")
            .put("url", "https://www.apache.org/licenses/LICENSE-2.0");

    private final RouteTable routes;
    /** The gateway's own name ({@code quarkus.application.name}): its document's entry among the services'. */
    private final String self;

    OpenApiMerger(RouteTable routes, String self) {
        this.routes = routes;
        this.self = self;
    }

    /**
     * @param gateway  the gateway's own document (its paths already start with /api)
     * @param services each service's document by service name, or null if it could not be fetched
     */
    ObjectNode merge(JsonNode gateway, Map<String, JsonNode> services) {
        ObjectNode merged = NODES.objectNode();
        merged.put("openapi", "3.1.0");
        merged.putObject("info")
                .put("title", "KidSafe API")
                .put("version", gateway.path("info").path("version").asText("1.0"))
                .put("description", "Every KidSafe endpoint, as reached through the gateway. Send the access token as "
                        + "'Authorization: Bearer ...' except on operations marked with an empty security list.")
                .set("license", LICENSE.deepCopy());
        ObjectNode paths = merged.putObject("paths");
        ArrayNode tags = merged.putArray("tags");
        merged.set("servers", gateway.path("servers").deepCopy());
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        JsonNode securitySchemes = gateway.path("components").path("securitySchemes");
        components.set("securitySchemes", securitySchemes.deepCopy());
        ArrayNode tokenRequired = NODES.arrayNode();
        securitySchemes.fieldNames().forEachRemaining(scheme -> tokenRequired.addObject().putArray(scheme));

        Set<String> operationIds = new HashSet<>();
        Map<String, JsonNode> sources = new LinkedHashMap<>();
        sources.put(self, gateway);
        sources.putAll(services);
        ArrayNode unavailable = NODES.arrayNode();
        sources.forEach((service, document) -> {
            if (document == null) {
                unavailable.add(service);
                return;
            }
            JsonNode source = document.deepCopy();
            renameClashingSchemas(service, source, schemas);
            addPaths(service, source.path("paths"), paths, operationIds, tokenRequired);
            addTags(source.path("tags"), tags);
        });
        if (!unavailable.isEmpty()) {
            merged.set("x-kidsafe-unavailable", unavailable);
        }
        removeUnusedSchemas(merged);
        sortByName(paths);
        sortByName(schemas);
        return merged;
    }

    /**
     * Paths and schemas in name order, whichever service contributed them: the committed document (api/kidsafe-v1.yaml)
     * is this document written as served, so its order must not change when an operation moves between services or a
     * service answers in another order (issue 20 item 2). Tags keep their order: it is the one their authors chose.
     */
    private static void sortByName(ObjectNode object) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        object.fields().forEachRemaining(entry -> sorted.put(entry.getKey(), entry.getValue()));
        object.removeAll();
        object.setAll(sorted);
    }

    private static void renameClashingSchemas(String service, JsonNode source, ObjectNode schemas) {
        Map<String, String> renamed = new LinkedHashMap<>();
        source.path("components").path("schemas").fields().forEachRemaining(entry -> {
            JsonNode existing = schemas.get(entry.getKey());
            if (existing != null && !existing.equals(entry.getValue())) {
                renamed.put(entry.getKey(), prefix(service) + entry.getKey());
            }
        });
        rewriteReferences(source, renamed);
        source.path("components").path("schemas").fields().forEachRemaining(entry ->
                schemas.set(renamed.getOrDefault(entry.getKey(), entry.getKey()), entry.getValue()));
    }

    /** "media-service" → "MediaService". */
    static String prefix(String service) {
        StringBuilder prefix = new StringBuilder();
        for (String word : service.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                prefix.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return prefix.toString();
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                String name = ref.asText().substring(SCHEMA_REF.length());
                if (renamed.containsKey(name)) {
                    object.set("$ref", TextNode.valueOf(SCHEMA_REF + renamed.get(name)));
                }
            }
            object.elements().forEachRemaining(child -> rewriteReferences(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> rewriteReferences(child, renamed));
        }
    }

    private void addPaths(String service, JsonNode sourcePaths, ObjectNode paths, Set<String> operationIds, ArrayNode tokenRequired) {
        sourcePaths.fields().forEachRemaining(entry -> {
            Optional<String> servicePath = servicePath(service, entry.getKey());
            if (servicePath.isEmpty() || !(entry.getValue() instanceof ObjectNode item)) {
                return;
            }
            keepRoutedOperations(service, servicePath.get(), item, operationIds, tokenRequired);
            if (hasOperation(item)) {
                String gatewayPath = "/api" + servicePath.get();
                JsonNode existing = paths.get(gatewayPath);
                if (existing instanceof ObjectNode existingItem) {
                    existingItem.setAll(item);
                } else {
                    paths.set(gatewayPath, item);
                }
            }
        });
    }

    /** The path as the route table sees it; the gateway's own /q endpoints are not part of the API. */
    private Optional<String> servicePath(String service, String documentPath) {
        if (service.equals(self)) {
            return documentPath.startsWith("/api/") ? Optional.of(documentPath.substring("/api".length())) : Optional.empty();
        }
        return documentPath.startsWith("/v1/") ? Optional.of(documentPath) : Optional.empty();
    }

    private void keepRoutedOperations(String service, String servicePath, ObjectNode item, Set<String> operationIds,
                                      ArrayNode tokenRequired) {
        String concretePath = servicePath.replaceAll("\\{[^/}]+}", "x");
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!METHODS.contains(field.getKey()) || !(field.getValue() instanceof ObjectNode operation)) {
                continue;
            }
            Optional<Route> route = routes.match(field.getKey().toUpperCase(Locale.ROOT), concretePath);
            if (route.isEmpty() || !route.get().service().equals(service)) {
                fields.remove();
                continue;
            }
            // The route table decides who needs a token at the gateway; the schemes are the gateway's own.
            operation.set("security", route.get().open() ? NODES.arrayNode() : tokenRequired.deepCopy());
            if (route.get().deprecation() != null) {
                // The same announcement as the route's Deprecation and Sunset headers (docs/api.md, "Stability").
                operation.put("deprecated", true);
                operation.put("x-sunset", route.get().deprecation().sunset().toString());
            }
            JsonNode operationId = operation.get("operationId");
            if (operationId != null && !operationIds.add(operationId.asText())) {
                String unique = prefix(service) + operationId.asText();
                operation.put("operationId", unique);
                operationIds.add(unique);
            }
        }
    }

    /**
     * Drops the schemas no kept operation refers to, directly or through other schemas: a service's document also
     * describes operations the gateway answers itself or does not route (e.g. each service's holdings and export),
     * and their schemas would otherwise be emitted unused (issue 20 item 1).
     */
    private static void removeUnusedSchemas(ObjectNode merged) {
        ObjectNode schemas = (ObjectNode) merged.path("components").path("schemas");
        Set<String> used = new HashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(merged.path("paths")));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                String name = ref.asText().substring(SCHEMA_REF.length());
                if (used.add(name) && schemas.has(name)) {
                    pending.push(schemas.get(name));
                }
            }
            node.elements().forEachRemaining(pending::push);
        }
        schemas.retain(used);
    }

    private static boolean hasOperation(ObjectNode item) {
        Iterator<String> names = item.fieldNames();
        while (names.hasNext()) {
            if (METHODS.contains(names.next())) {
                return true;
            }
        }
        return false;
    }

    private static void addTags(JsonNode sourceTags, ArrayNode tags) {
        Set<String> known = new HashSet<>();
        tags.forEach(tag -> known.add(tag.path("name").asText()));
        sourceTags.forEach(tag -> {
            if (known.add(tag.path("name").asText())) {
                tags.add(tag);
            }
        });
    }
}
