package org.kidsafe.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.testsupport.OpenApiContract;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media-service's own OpenAPI document is complete, so the gateway's merge only merges (issue 20 item 1). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class OpenApiContractTest {

    @Test
    void everyOperationIsNamedTypedSecuredAndDocumentsItsProblems() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asByteArray());
        OpenApiContract.export(document, "media-service");
        assertEquals(List.of(), OpenApiContract.violations(document));
    }

    /** Both lists that grow are paged the one way (issue 20 item 4), under named envelopes clients type well. */
    @Test
    void theListsThatGrowArePagedUnderNamedEnvelopes() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asByteArray());
        assertPaged(document, document.path("paths").path("/v1/children/{childId}/media").path("get"), "listMedia", "MediaPage", "MediaItem");
        assertPaged(document, document.path("paths").path("/v1/chat/inbox").path("get"), "getChatInbox", "ChatPage", "InboxMessage");
    }

    private static void assertPaged(JsonNode document, JsonNode operation, String operationId, String page, String item) {
        assertEquals(operationId, operation.path("operationId").asText());
        Map<String, JsonNode> query = new HashMap<>();
        operation.path("parameters").forEach(parameter -> query.put(parameter.path("name").asText(), parameter));
        assertEquals(PageRequest.AFTER_DESCRIPTION, query.get(PageRequest.AFTER).path("description").asText(), operationId);
        JsonNode limit = query.get(PageRequest.LIMIT);
        assertEquals(PageRequest.LIMIT_DESCRIPTION, limit.path("description").asText(), operationId);
        assertEquals(1, limit.path("schema").path("minimum").asInt(), operationId);
        assertEquals(PageRequest.MAX_LIMIT, limit.path("schema").path("maximum").asInt(), operationId);
        assertEquals("#/components/schemas/" + page,
                operation.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText(), operationId);
        assertTrue(operation.path("responses").has("400"), operationId + " documents 400 for a bad cursor or limit");
        JsonNode schema = document.path("components").path("schemas").path(page);
        assertEquals("#/components/schemas/" + item, schema.path("properties").path("items").path("items").path("$ref").asText(), page);
        JsonNode next = schema.path("properties").path("next");
        assertTrue(next.path("nullable").asBoolean() || next.path("type").toString().contains("null"), page + ".next is nullable: " + next);
    }
}
