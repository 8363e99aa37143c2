package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.HostileImages;
import org.kidsafe.testsupport.HostilePdfs;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed consent forms: upload, review by a compliance officer, and deletion of the form once decided; issue 18 item 2:
 * metadata removed before storage (or the file refused), stored encrypted under the parent's key, at most three pending
 * per parent even under concurrent uploads.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ConsentFormTest {

    private static final byte[] PNG = png();
    private static final byte[] PDF = HostilePdfs.plain();

    private static final String PNG_SIGNATURE = Arrays.toString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});

    private final String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");

    @Test
    void anApprovedFormUnlocksThirdPartyDisclosureAndIsDeleted() {
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        String formId = upload(parent, PNG, "application/pdf").statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("contentType", equalTo("image/png"))
                .extract().path("formId");

        assertTrue(pendingFormIds(officer).contains(formId));
        byte[] content = given().auth().oauth2(officer).when().get("/v1/admin/consent-forms/{id}/content", formId)
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals(PNG_SIGNATURE, Arrays.toString(Arrays.copyOf(content, 8)));

        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":true}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId)
                .then().statusCode(200).body("status", equalTo("APPROVED"));

        assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND (sealed_content IS NOT NULL OR content_type IS NOT NULL)",
                UUID.fromString(formId)), "the form's bytes must be gone once decided");
        assertEquals(1, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND status = 'APPROVED' AND reviewer_id IS NOT NULL",
                UUID.fromString(formId)));
        given().auth().oauth2(officer).when().get("/v1/admin/consent-forms/{id}/content", formId).then().statusCode(404);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":false}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId).then().statusCode(409);
        assertFalse(pendingFormIds(officer).contains(formId));

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
        assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND sealed_content IS NOT NULL", UUID.fromString(formId)));
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

    /**
     * Issue 17 item 3: a user holding both roles cannot decide their own form (before, the officer's decision was taken
     * whoever submitted the form); another officer can.
     */
    @Test
    void noOfficerDecidesTheirOwnForm() {
        Parents officerAsParent = new Parents();
        String formId = upload(officerAsParent, PDF, "application/pdf").statusCode(201).extract().path("formId");
        String self = TestTokens.complianceOfficer(officerAsParent.id, "kidsafe-consent");

        given().auth().oauth2(self).contentType(ContentType.JSON).body("{\"approved\":true}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/self-review"));
        given().auth().oauth2(officerAsParent.token()).when().get("/v1/verification").then().statusCode(200)
                .body("consentForms.status", hasItem("PENDING")).body("passed.size()", equalTo(0));

        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":true}")
                .when().post("/v1/admin/consent-forms/{id}/decision", formId).then().statusCode(200);
    }

    /** Issue 17 item 3: every officer read of a form, listing or file, is in the ledger, with ids only. */
    @Test
    void everyOfficerReadIsInTheLedgerWithIdsOnly() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID formId = UUID.fromString(upload(parent, PDF, "application/pdf").statusCode(201).extract().path("formId"));
        UUID officerId = UUID.randomUUID();
        String reader = TestTokens.complianceOfficer(officerId, "kidsafe-consent");

        pendingFormIds(reader);
        given().auth().oauth2(reader).when().get("/v1/admin/consent-forms/{id}/content", formId).then().statusCode(200);

        String reads = "SELECT count(*) FROM ledger_entry WHERE type = 'OFFICER_READ' AND parent_id = ? AND details::jsonb = ?::jsonb";
        assertEquals(1, Database.count(reads, parent.id,
                "{\"action\":\"FORM_METADATA\",\"formId\":\"" + formId + "\",\"officerId\":\"" + officerId + "\"}"));
        assertEquals(1, Database.count(reads, parent.id,
                "{\"action\":\"FORM_CONTENT\",\"formId\":\"" + formId + "\",\"officerId\":\"" + officerId + "\"}"));
        assertEquals(0, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'OFFICER_READ' AND details LIKE ?",
                "%" + parent.email + "%"), "no address in the ledger");
    }

    @Test
    void onlyComplianceOfficersReview() {
        Parents parent = new Parents();
        given().auth().oauth2(parent.token()).when().get("/v1/admin/consent-forms").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(officer).contentType("application/pdf").body(PDF).when().post("/v1/verification/consent-forms")
                .then().statusCode(403);
    }

    @Test
    void aPhotoFormLosesItsExifGpsAndIsStoredEncrypted() throws Exception {
        Parents parent = new Parents();
        byte[] photo = HostileImages.jpegWithGps(HostileImages.noise(48, 32, 11));
        UUID formId = UUID.fromString(upload(parent, photo, "image/jpeg").statusCode(201)
                .body("contentType", equalTo("image/jpeg")).extract().path("formId"));

        byte[] served = content(formId, "image/jpeg");
        assertFalse(HostileImages.contains(served, HostileImages.GPS_LATITUDE), "the GPS position is gone");
        assertFalse(HostileImages.contains(served, HostileImages.SECRET.getBytes(StandardCharsets.US_ASCII)), "the description and comment are gone");
        assertFalse(HostileImages.contains(served, "Exif".getBytes(StandardCharsets.US_ASCII)));

        byte[] stored = storedBytes(formId);
        assertFalse(HostileImages.contains(stored, Arrays.copyOfRange(served, 100, 164)), "the stored bytes are not the file");
        assertFalse(HostileImages.contains(stored, HostileImages.GPS_LATITUDE));
        assertEquals(1, Database.count("SELECT count(*) FROM data_key WHERE subject_id = ? AND wrapped_key IS NOT NULL", parent.id),
                "sealed under the parent's own key");
    }

    @Test
    void aPdfFormLosesItsMetadataAttachmentsAndScripts() throws Exception {
        Parents parent = new Parents();
        UUID formId = UUID.fromString(upload(parent, HostilePdfs.withMetadataAttachmentsAndScripts(), "application/pdf").statusCode(201)
                .body("contentType", equalTo("application/pdf")).extract().path("formId"));

        byte[] served = content(formId, "application/pdf");
        assertFalse(HostilePdfs.everything(served).contains(HostileImages.SECRET), "no document info, XMP, attachment, script or photo metadata");
        assertTrue(HostilePdfs.activeOrMetadataKeys(served).isEmpty(), () -> "left: " + HostilePdfs.activeOrMetadataKeys(served));
        assertTrue(HostilePdfs.everything(served).contains(HostilePdfs.FORM_TEXT), "the form itself stays readable");
        assertFalse(HostileImages.contains(storedBytes(formId), "%PDF".getBytes(StandardCharsets.US_ASCII)), "stored encrypted");
    }

    @Test
    void aFileThatCannotBeCleanedIsRefusedAsAProblem() {
        Parents parent = new Parents();
        upload(parent, "%PDF-1.7\nnot really a document".getBytes(StandardCharsets.US_ASCII), "application/pdf")
                .statusCode(422).contentType("application/problem+json");
        upload(parent, Arrays.copyOf(PNG, 40), "image/png").statusCode(422).contentType("application/problem+json");
        assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE parent_id = ?", parent.id));
    }

    @Test
    void atMostThreeFormsWaitPerParentEvenWhenUploadedAtOnce() throws Exception {
        Parents parent = new Parents();
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return upload(parent, PDF, "application/pdf").extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertEquals(3, statuses.stream().filter(status -> status == 201).count(), statuses::toString);
            assertEquals(attempts - 3, statuses.stream().filter(status -> status == 409).count(), statuses::toString);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, Database.count("SELECT count(*) FROM consent_form WHERE parent_id = ? AND status = 'PENDING'", parent.id));
        upload(parent, PDF, "application/pdf").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/too-many-pending-forms"));

        UUID decided = Database.uuid("SELECT id FROM consent_form WHERE parent_id = ? AND status = 'PENDING' LIMIT 1", parent.id);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":false}")
                .when().post("/v1/admin/consent-forms/{id}/decision", decided).then().statusCode(200);
        upload(parent, PDF, "application/pdf").statusCode(201);
        upload(new Parents(), PDF, "application/pdf").statusCode(201);
    }

    private byte[] content(UUID formId, String type) {
        return given().auth().oauth2(officer).when().get("/v1/admin/consent-forms/{id}/content", formId)
                .then().statusCode(200).contentType(type).extract().asByteArray();
    }

    private static byte[] storedBytes(UUID formId) throws Exception {
        try (Connection connection = Database.asService();
             PreparedStatement query = connection.prepareStatement("SELECT sealed_content FROM consent_form WHERE id = ?")) {
            query.setObject(1, formId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(HostileImages.noise(16, 16, 3), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every pending form's id, page after page: the shared test database holds other tests' pending forms too. */
    private static List<String> pendingFormIds(String officerToken) {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            var page = given().auth().oauth2(officerToken).queryParam("limit", 200).queryParam("after", next == null ? "" : next)
                    .when().get("/v1/admin/consent-forms").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.formId", String.class));
            next = page.getString("next");
        } while (next != null);
        return ids;
    }

    private io.restassured.response.ValidatableResponse upload(Parents parent, byte[] content, String declaredType) {
        return given().auth().oauth2(parent.token()).contentType(declaredType).body(content)
                .when().post("/v1/verification/consent-forms").then();
    }
}
