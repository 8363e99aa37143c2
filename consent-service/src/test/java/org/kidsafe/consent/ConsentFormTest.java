package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Signed consent forms: upload, review by a compliance officer, and deletion of the form once decided. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ConsentFormTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] PDF = "%PDF-1.7\n% signed by the parent\n".getBytes(StandardCharsets.US_ASCII);

    private final String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");

    @Test
    void anApprovedFormUnlocksThirdPartyDisclosureAndIsDeleted() {
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        String formId = upload(parent, PNG, "application/pdf").statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("contentType", equalTo("image/png"))
                .extract().path("formId");

        given().auth().oauth2(officer).when().get("/v1/admin/consent-forms").then().statusCode(200)
                .body("formId", hasItem(formId));
        byte[] content = given().auth().oauth2(officer).when().get("/v1/admin/consent-forms/{id}/content", formId)
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(PNG, content);

        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":true}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId)
                .then().statusCode(200).body("status", equalTo("APPROVED"));

        assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND (content IS NOT NULL OR content_type IS NOT NULL)",
                UUID.fromString(formId)), "the form's bytes must be gone once decided");
        assertEquals(1, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND status = 'APPROVED' AND reviewer_id IS NOT NULL",
                UUID.fromString(formId)));
        given().auth().oauth2(officer).when().get("/v1/admin/consent-forms/{id}/content", formId).then().statusCode(404);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":false}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId).then().statusCode(409);
        given().auth().oauth2(officer).when().get("/v1/admin/consent-forms").then().body("formId", not(hasItem(formId)));

        parent.grant(child, "THIRD_PARTY_DISCLOSURE", Parents.currentNoticeVersion()).statusCode(201)
                .body("verificationMethod", equalTo("signed-consent-form"))
                .body("assuranceLevel", equalTo(2));
    }

    @Test
    void aRejectedFormVerifiesNothing() {
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        String formId = upload(parent, PDF, "application/octet-stream").statusCode(201)
                .body("contentType", equalTo("application/pdf")).extract().path("formId");
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":false}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId)
                .then().statusCode(200).body("status", equalTo("REJECTED"));

        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(403);
        assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND content IS NOT NULL", UUID.fromString(formId)));
    }

    @Test
    void theTypeComesFromTheBytesNotTheHeader() {
        Parents parent = new Parents();
        upload(parent, "<html>definitely a png</html>".getBytes(StandardCharsets.UTF_8), "image/png")
                .statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/unsupported-form-type"));
        upload(parent, new byte[0], "image/png").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anOversizedFormIsRefused() {
        byte[] large = Arrays.copyOf(PDF, 4 * 1024 * 1024 + 1);
        upload(new Parents(), large, "application/pdf").statusCode(413).contentType("application/problem+json");
    }

    @Test
    void onlyComplianceOfficersReview() {
        Parents parent = new Parents();
        given().auth().oauth2(parent.token()).when().get("/v1/admin/consent-forms").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(officer).contentType("application/pdf").body(PDF).when().post("/v1/verification/consent-forms")
                .then().statusCode(403);
    }

    private io.restassured.response.ValidatableResponse upload(Parents parent, byte[] content, String declaredType) {
        return given().auth().oauth2(parent.token()).contentType(declaredType).body(content)
                .when().post("/v1/verification/consent-forms").then();
    }
}
