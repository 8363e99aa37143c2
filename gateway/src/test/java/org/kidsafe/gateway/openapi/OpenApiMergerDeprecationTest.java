package org.kidsafe.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.gateway.routing.Route;
import org.kidsafe.gateway.routing.RouteTable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deprecated route's operations are marked in the merged document with the same sunset date its answers' headers
 * carry (docs/api.md, "Stability"), and only those operations.
 */
class OpenApiMergerDeprecationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOperationsOfADeprecatedRouteAreMarkedWithTheirSunset() throws Exception {
        RouteTable routes = new RouteTable(List.of(
                Route.parse("consent-service", "/v1/children/**"),
                Route.parse("consent-service", "DELETE /v1/children/* deprecated=2027-01-01 sunset=2027-07-01")));
        JsonNode service = JSON.readTree("""
                {"paths": {"/v1/children/{childId}": {
                   "get": {"operationId": "getChild", "responses": {"200": {"description": "ok"}}},
                   "delete": {"operationId": "deleteChild", "responses": {"202": {"description": "started"}}}}}}""");
        JsonNode merged = new OpenApiMerger(routes, "gateway").merge(JSON.readTree("{}"), Map.of("consent-service", service));

        JsonNode item = merged.path("paths").path("/api/v1/children/{childId}");
        assertTrue(item.path("delete").path("deprecated").asBoolean());
        assertEquals("2027-07-01", item.path("delete").path("x-sunset").asText());
        assertTrue(item.path("get").path("deprecated").isMissingNode());
        assertTrue(item.path("get").path("x-sunset").isMissingNode());
    }
}
