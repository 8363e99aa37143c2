package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.verification.AbandonedSignUpPurgeJob;
import org.kidsafe.consent.verification.EmailCodeSentPurge;
import org.kidsafe.consent.verification.RevocationReminderJob;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Email plus over a real SMTP server: code, confirmation, the delayed reminder, and abandoned sign-ups. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class EmailPlusTest {

    @Inject
    MutableClock clock;
    @Inject
    RevocationReminderJob reminders;
    @Inject
    AbandonedSignUpPurgeJob purge;
    @Inject
    EmailCodeSentPurge codeRecords;

    @Test
    void theEmailedCodeVerifiesTheParentOnceAndOnlyOnce() {
        Parents parent = new Parents();
        UUID challenge = parent.requestCode();
        String code = parent.lastCode();

        parent.confirm(challenge, code).statusCode(200)
                .body("method", equalTo("email-plus"))
                .body("assuranceLevel", equalTo(1));
        parent.confirm(challenge, code).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/code-already-used"));
        given().auth().oauth2(parent.token()).when().get("/v1/verification").then().statusCode(200)
                .body("passed.method", org.hamcrest.Matchers.contains("email-plus"));
    }

    @Test
    void aWrongOrExpiredCodeIsRefused() {
        Parents parent = new Parents();
        UUID challenge = parent.requestCode();
        String code = parent.lastCode();
        String wrong = code.equals("00000000") ? "11111111" : "00000000";

        parent.confirm(challenge, wrong).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/code-invalid"));
        clock.advance(Duration.ofMinutes(16));
        parent.confirm(challenge, code).statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://kidsafe.dev/problems/code-expired"));
        new Parents().confirm(challenge, code).statusCode(404);
    }

    @Test
    void aBadAddressIsRefusedAndNothingIsStored() {
        Parents parent = new Parents();
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"email\":\"not-an-address\"}")
                .when().post("/v1/verification/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("email"));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id));
    }

    @Test
    void aSecondMessageRemindsTheParentTheyCanRevokeAfterTheDelay() {
        Parents parent = new Parents().verifiedByEmail();
        reminders.sendDueReminders();
        assertEquals(1, parent.mailbox().length, "the reminder is not due yet");

        clock.advance(Duration.ofHours(25));
        reminders.sendDueReminders();
        reminders.sendDueReminders();

        assertEquals(2, parent.mailbox().length, "exactly one reminder");
        String reminder = Parents.text(parent.mailbox()[1]);
        assertTrue(reminder.contains("revoke"), reminder);
        assertFalse(reminder.matches("(?s).*\\d{8}.*"), "the reminder carries no code");
    }

    @Test
    void contactDataOfAbandonedSignUpsIsDeleted() {
        Parents abandoned = new Parents();
        abandoned.requestCode();
        Parents verified = new Parents().verifiedByEmail();
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", abandoned.id));

        purge.purgeAbandonedSignUps();
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", abandoned.id), "not yet abandoned");

        clock.advance(Duration.ofDays(15));
        purge.purgeAbandonedSignUps();

        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", abandoned.id));
        assertEquals(0, Database.count("SELECT count(*) FROM email_challenge WHERE parent_id = ?", abandoned.id));
        assertEquals(1, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", verified.id),
                "a verified parent's contact data stays");
        given().auth().oauth2(abandoned.token()).when().get("/v1/verification").then().statusCode(200)
                .body("passed.size()", equalTo(0));
    }

    @Test
    void aParentIsToldWhenProfileServiceErasedAnUnusedProfile() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        Parents stranger = new Parents().verifiedByEmail();
        Instant lastActivity = Instant.parse("2025-05-01T10:00:00Z");

        expire(child, stranger.id, lastActivity);
        expire(child, parent.id, lastActivity);

        await().atMost(Duration.ofSeconds(30)).until(() -> parent.mailbox().length == 2);
        String notice = Parents.text(parent.mailbox()[1]);
        assertTrue(notice.contains("deleted") && notice.contains("2025-05-01"), notice);
        assertEquals(1, stranger.mailbox().length, "an event naming the wrong parent tells nobody");
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE child_id = ? AND type = 'PROFILE_EXPIRED'", child));
    }

    private static void expire(UUID child, UUID parentId, Instant lastActivity) {
        EventEnvelope envelope = EventCodec.envelope(child, new ProfileExpired(parentId, ProfileExpired.INACTIVITY, lastActivity), Instant.now());
        new TopicProbe(RealInfrastructure.shared().kafka()).send(Topics.PROFILE, child.toString(), EventCodec.encode(envelope));
    }

    /**
     * Issue 17 item 3: nobody can flood an address with codes. Before, every request was mailed; now a second code to the
     * same address (case and spaces ignored), by another parent too, waits out the cooldown, answered 429 with Retry-After.
     */
    @Test
    void anAddressGetsOneCodePerCooldownWhoeverAsks() {
        String victim = "victim-" + UUID.randomUUID() + "@example.org";
        sendCode(new Parents(), victim).statusCode(202);
        sendCode(new Parents(), victim.toUpperCase()).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, both(lessThanOrEqualTo(60)).and(greaterThan(55)))
                .body("type", equalTo("https://kidsafe.dev/problems/email-code-cooldown"))
                .body("retryAfterSeconds", both(lessThanOrEqualTo(60)).and(greaterThan(55)));
        assertEquals(1, MailAndKeysTestResource.smtp().getReceivedMessagesForDomain(victim).length, "one code mailed");

        clock.advance(Duration.ofSeconds(45));
        sendCode(new Parents(), victim).statusCode(429).header("Retry-After", Integer::parseInt, lessThanOrEqualTo(15));
        clock.advance(Duration.ofSeconds(15));
        sendCode(new Parents(), victim).statusCode(202);
        assertEquals(0, Database.count("SELECT count(*) FROM email_code_sent WHERE position(convert_to(?, 'UTF8') IN address_fingerprint) > 0",
                victim), "the address is kept only as a keyed fingerprint");
    }

    /**
     * Issue 17 item 3: a parent cannot spray codes at many addresses at once. Before, a second address in the same second was
     * mailed; now the parent waits out its own cooldown, whatever the address, while other parents are not held up.
     */
    @Test
    void aParentWaitsOutTheCooldownWhateverTheAddress() {
        Parents parent = new Parents();
        String second = "second-" + parent.email;
        sendCode(parent, parent.email).statusCode(202);
        sendCode(parent, second).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, both(lessThanOrEqualTo(60)).and(greaterThan(55)))
                .body("type", equalTo("https://kidsafe.dev/problems/email-code-cooldown"))
                .body("retryAfterSeconds", both(lessThanOrEqualTo(60)).and(greaterThan(55)));
        assertEquals(0, MailAndKeysTestResource.smtp().getReceivedMessagesForDomain(second).length, "no code mailed to the second address");
        assertEquals(1, Database.count("SELECT count(*) FROM email_code_sent WHERE parent_id = ?", parent.id));
        Parents other = new Parents();
        sendCode(other, other.email).statusCode(202);

        clock.advance(Duration.ofSeconds(45));
        sendCode(parent, second).statusCode(429).header("Retry-After", Integer::parseInt, lessThanOrEqualTo(15));
        clock.advance(Duration.ofSeconds(15));
        sendCode(parent, second).statusCode(202);
        assertEquals(1, MailAndKeysTestResource.smtp().getReceivedMessagesForDomain(second).length, "mailed once the cooldown passed");
    }

    /**
     * Issue 17 item 3: at most five codes per parent an hour, whatever the addresses; the records go once no limit needs them.
     * The requests are a minute apart, so the parent's own cooldown (60 s) has passed each time and only the hourly limit refuses.
     */
    @Test
    void aParentGetsAtMostFiveCodesAnHour() {
        Parents parent = new Parents();
        for (int i = 0; i < 5; i++) {
            sendCode(parent, "address-" + i + "-" + parent.email).statusCode(202);
            clock.advance(Duration.ofMinutes(1));
        }
        sendCode(parent, "another-" + parent.email).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, both(lessThanOrEqualTo(3300)).and(greaterThan(3240)))
                .body("type", equalTo("https://kidsafe.dev/problems/email-code-limit"));
        assertEquals(5, Database.count("SELECT count(*) FROM email_code_sent WHERE parent_id = ?", parent.id));

        clock.advance(Duration.ofMinutes(55));
        sendCode(parent, "another-" + parent.email).statusCode(202);
        clock.advance(Duration.ofMinutes(61));
        codeRecords.purgeDue();
        assertEquals(0, Database.count("SELECT count(*) FROM email_code_sent WHERE parent_id = ?", parent.id), "purged past the window");
    }

    private static io.restassured.response.ValidatableResponse sendCode(Parents parent, String address) {
        return given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"email\":\"" + address + "\"}")
                .when().post("/v1/verification/email").then();
    }

    @Test
    void theVerificationEndpointsAreForParents() {
        given().contentType(ContentType.JSON).body("{\"email\":\"a@example.org\"}").when().post("/v1/verification/email")
                .then().statusCode(401);
        given().when().get("/v1/verification").then().statusCode(401).body(containsString("unauthorized"));
    }
}
