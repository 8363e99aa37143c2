package org.kidsafe.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.OpenApiContract;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
