package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.verification.ConsentFormExpiry;
import org.kidsafe.consent.verification.AbandonedSignUpPurge;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 2: a signed consent form nobody decides is deleted after 30 days and its parent emailed; a parent's forms
 * and data key go with the parent's contact (with the last child, as an abandoned sign-up), so nothing of a form
 * outlives its purpose. Over the real SMTP server.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ConsentFormExpiryTest {

    @Inject
    MutableClock clock;
    @Inject
    ConsentFormExpiry expiry;
    @Inject
    AbandonedSignUpPurge abandonedSignUps;

    @Test
    void anUndecidedFormIsDeletedAfterThirtyDaysAndItsParentEmailed() {
        Parents parent = new Parents().verifiedByEmail();
        UUID formId = parent.uploadForm();

        clock.advance(Duration.ofDays(29));
        expiry.expireDue();
        expiry.notifyParents();
        assertEquals(1, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND status = 'PENDING' AND sealed_content IS NOT NULL", formId),
                "not yet due");

        clock.advance(Duration.ofDays(2));
        expiry.expireDue();
        expiry.notifyParents();
        expiry.notifyParents();
        assertEquals(1, Database.count("SELECT count(*) FROM consent_form WHERE id = ? AND status = 'EXPIRED' AND sealed_content IS NULL"
                + " AND content_type IS NULL AND NOT expiry_notice_due", formId));
        assertEquals(0, Database.count("SELECT count(*) FROM data_key WHERE subject_id = ?", parent.id),
                "the parent's key goes with their last pending form");
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE parent_id = ? AND type = 'CONSENT_FORM_EXPIRED'", parent.id));
        // The code, the form's receipt with the direct notice (issue 19 item 2), then the expiry.
        await().atMost(Duration.ofSeconds(20)).until(() -> parent.mailbox().length == 3);
        String notice = Parents.text(parent.mailbox()[2]);
        assertTrue(notice.contains("was deleted") && notice.contains("30 days"), notice);
        given().auth().oauth2(parent.token()).when().get("/v1/verification").then().statusCode(200)
                .body("consentForms[0].status", equalTo("EXPIRED"));
        parent.uploadForm();
    }

    @Test
    void formsAndTheParentsKeyGoWithTheParentsContact() {
        Parents lastChildDeleted = new Parents().verifiedByEmail();
        UUID child = lastChildDeleted.registerChild();
        lastChildDeleted.uploadForm();
        Parents abandoned = new Parents();
        abandoned.requestCode();
        abandoned.uploadForm();
        for (Parents parent : new Parents[] {lastChildDeleted, abandoned}) {
            assertEquals(1, Database.count("SELECT count(*) FROM data_key WHERE subject_id = ?", parent.id), "control");
        }

        given().auth().oauth2(lastChildDeleted.token()).when().delete("/v1/children/{childId}", child).then().statusCode(202);
        clock.advance(Duration.ofDays(15));
        abandonedSignUps.purgeDue();

        for (Parents parent : new Parents[] {lastChildDeleted, abandoned}) {
            assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id));
            assertEquals(0, Database.count("SELECT count(*) FROM consent_form WHERE parent_id = ?", parent.id));
            assertEquals(0, Database.count("SELECT count(*) FROM data_key WHERE subject_id = ?", parent.id));
        }
    }
}
