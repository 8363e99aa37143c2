package org.kidsafe.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.mutiny.Uni;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.gateway.proxy.Downstream;
import org.kidsafe.gateway.proxy.Downstreams;
import org.kidsafe.gateway.proxy.Fetched;
import org.kidsafe.gateway.routing.RouteTable;

import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregated OpenAPI document: each service's own document is fetched when asked for and
 * reused for a short while, so a service's new version shows up without restarting the gateway.
 * A service that cannot be fetched is listed under {@code x-kidsafe-unavailable} (and not cached).
 */
@ApplicationScoped
class OpenApiCatalog {

    private static final String DOCUMENT_PATH = "/q/openapi?format=json";

    private final Downstreams downstreams;
    private final OpenApiDocumentService ownDocument;
    private final ObjectMapper json;
    private final OpenApiMerger merger;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    OpenApiCatalog(Downstreams downstreams, OpenApiDocumentService ownDocument, ObjectMapper json, RouteTable routes,
                   GatewaySettings config, @ConfigProperty(name = "quarkus.application.name") String self) {
        this.downstreams = downstreams;
        this.ownDocument = ownDocument;
        this.json = json;
        this.merger = new OpenApiMerger(routes, self);
        this.cacheFor = config.openapi().cacheFor();
    }

    Uni<ObjectNode> merged() {
        List<Uni<Map.Entry<String, JsonNode>>> documents = downstreams.all().stream().map(this::document).toList();
        return Uni.join().all(documents).andFailFast().map(entries -> {
            Map<String, JsonNode> byService = new LinkedHashMap<>();
            entries.forEach(entry -> byService.put(entry.getKey(), entry.getValue()));
            return merger.merge(gatewayDocument(), byService);
        });
    }

    private Uni<Map.Entry<String, JsonNode>> document(Downstream downstream) {
        Cached cached = cache.get(downstream.name());
        if (cached != null && cached.fetchedAt() + cacheFor.toNanos() > System.nanoTime()) {
            return Uni.createFrom().item(entry(downstream.name(), cached.document()));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
        return Fetched.from(downstream, DOCUMENT_PATH, headers).map(fetched -> {
            JsonNode document = parse(fetched);
            if (document != null) {
                cache.put(downstream.name(), new Cached(document, System.nanoTime()));
            }
            return entry(downstream.name(), document);
        });
    }

    /** A null document stands for an unavailable service. */
    private static Map.Entry<String, JsonNode> entry(String service, JsonNode document) {
        return new AbstractMap.SimpleEntry<>(service, document);
    }

    private JsonNode parse(Fetched fetched) {
        if (fetched.reply() == null || fetched.reply().status() != 200) {
            return null;
        }
        try {
            return json.readTree(fetched.reply().body().getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode gatewayDocument() {
        try {
            return json.readTree(ownDocument.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
        } catch (IOException e) {
            throw new IllegalStateException("The gateway's own OpenAPI document is unreadable", e);
        }
    }

    private record Cached(JsonNode document, long fetchedAt) {
    }
}
