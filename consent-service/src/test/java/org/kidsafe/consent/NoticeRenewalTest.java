package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.notice.AmendedNotice;
import org.kidsafe.consent.notice.NoticeGenerator;
import org.kidsafe.consent.renewal.NoticeRenewals;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;
import org.kidsafe.testsupport.TopicProbe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 3, 16 CFR 312.4(b): a notice version an officer marks material puts every consent given under an earlier
 * version into "needs renewal", mails each parent once (real SMTP server) with what changed, and lets a consent not
 * renewed by its deadline lapse, announced by ConsentRevoked (real Kafka); a renewed one stays; a version not marked
 * material changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class NoticeRenewalTest {

    private static final String SUBJECT = "Our notice to parents changed";

    @Inject
    NoticeGenerator generator;
    @Inject
    NoticeRenewals renewals;
    /** The service's clock: other test classes move it forward, so deadlines are read against it, never Instant.now(). */
    @Inject
    MutableClock clock;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());
    private final String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");

    /**
     * Other test classes share this database and its notices: the material mark and the renewals it caused are undone, so
     * their consents stay under the rules they test (the amended generator is gone once the test ends).
     */
    @AfterEach
    void undoTheMaterialChange() throws SQLException {
        execute("UPDATE notice SET material_at = NULL");
        execute("UPDATE consent_record SET renewal_due_at = NULL, renewal_mailed_at = NULL");
    }

    @Test
    void aVersionNotMarkedMaterialKeepsEveryConsentValid() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int before = Parents.currentNoticeVersion();
        parent.grant(child, "PHOTOS", before).statusCode(201);

        AmendedNotice.install(generator, "A clarification that changes nothing material " + UUID.randomUUID());
        int after = Parents.currentNoticeVersion();
        assertTrue(after > before);
        given().when().get("/v1/notices/{version}", after).then().statusCode(200).body("materialAt", nullValue());
        renewals.run();

        consents(parent, child).body("items[0].renewalDueAt", nullValue());
        assertEquals(0, renewalMails(parent).length);
        parent.grant(child, "PHOTOS", after).statusCode(409);
    }

    @Test
    void aMaterialVersionNeedsRenewalMailsEachParentOnceAndLapsesWhatIsNotRenewed() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID renewing = parent.registerChild();
        UUID lapsing = parent.registerChild();
        int before = Parents.currentNoticeVersion();
        parent.grant(renewing, "PHOTOS", before).statusCode(201);
        parent.grant(lapsing, "VOICE", before).statusCode(201);

        String paragraph = "We now keep voice recordings longer " + UUID.randomUUID();
        AmendedNotice.install(generator, paragraph);
        int material = Parents.currentNoticeVersion();
        given().auth().oauth2(parent.token()).when().post("/v1/notices/{version}/material", material).then().statusCode(403);
        given().auth().oauth2(officer).when().post("/v1/notices/{version}/material", before)
                .then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("notice-not-current"));
        Instant markedAt = Instant.parse(given().auth().oauth2(officer).when().post("/v1/notices/{version}/material", material)
                .then().statusCode(200).body("version", equalTo(material)).extract().path("materialAt"));

        Instant ran = clock.instant();
        renewals.run();
        renewals.run();

        // Both consents are due in 30 days (kidsafe.consent.notice.renewal-grace), recorded in the ledger, ids only.
        for (UUID child : List.of(renewing, lapsing)) {
            Instant due = Instant.parse(consents(parent, child).extract().path("items[0].renewalDueAt"));
            assertTrue(!due.isBefore(ran.plus(Duration.ofDays(30)).minusSeconds(1)) && due.isBefore(clock.instant().plus(Duration.ofDays(30))), due::toString);
            assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'CONSENT_RENEWAL_DUE' AND child_id = ?"
                    + " AND details::jsonb ->> 'materialVersion' = ?", child, String.valueOf(material)));
        }
        assertTrue(markedAt.isBefore(ran.plusSeconds(1)));
        // The children list, which the privacy center draws from, shows the deadline per category.
        given().auth().oauth2(parent.token()).when().get("/v1/children").then().statusCode(200)
                .body("items.find { it.childId == '" + lapsing + "' }.consents.find { it.category == 'VOICE' }.renewalDueAt", notNullValue())
                .body("items.find { it.childId == '" + lapsing + "' }.consents.find { it.category == 'PHOTOS' }.renewalDueAt", nullValue());

        // One mail for the two consents, however often the job ran: what changed, the deadline, the link and the new notice.
        MimeMessage[] mails = renewalMails(parent);
        assertEquals(1, mails.length);
        String text = Parents.text(mails[0]);
        assertTrue(text.contains("version " + material + " replaces version " + before), text);
        assertTrue(text.contains("PHOTOS, VOICE (2 children)"), text);
        assertTrue(text.contains(LocalDate.ofInstant(ran.plus(Duration.ofDays(30)), ZoneOffset.UTC).toString()), text);
        assertTrue(text.contains("  + " + paragraph), text);
        assertTrue(text.contains("https://kidsafe.invalid/privacy-center/"), text);
        assertTrue(text.contains("----- Direct notice, version " + material + " -----"), text);
        assertTrue(Parents.part(mails[0], "text/html").contains("<ins>" + paragraph + "</ins>"));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'CONSENT_RENEWAL_MAILED' AND parent_id = ?", parent.id));

        // Renewing: the category granted again under the current notice; the consent stays, now under the mailed version.
        parent.grant(renewing, "PHOTOS", material).statusCode(201)
                .body("noticeVersion", equalTo(material))
                .body("noticeSentAt", notNullValue())
                .body("renewalDueAt", nullValue());
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'CONSENT_RENEWED' AND child_id = ?", renewing));

        // A new grant backed by the verification that mailed the superseded version names the current notice instead.
        parent.grant(renewing, "PROFILE", material).statusCode(201)
                .body("noticeVersion", equalTo(material))
                .body("noticeSentAt", nullValue())
                .body("renewalDueAt", nullValue());
        renewals.run();
        consents(parent, renewing).body("items.find { it.category == 'PROFILE' }.renewalDueAt", nullValue());

        // The deadline passes (moved into the past rather than waiting 30 days): the unrenewed consent lapses, announced.
        execute("UPDATE consent_record SET renewal_due_at = ? WHERE child_id = ?", java.sql.Timestamp.from(clock.instant().minusSeconds(1)), lapsing);
        assertEquals(1, renewals.run().consentsLapsed());
        consents(parent, lapsing).body("items[0].revokedAt", notNullValue());
        consents(parent, renewing).body("items.find { it.category == 'PHOTOS' }.revokedAt", nullValue())
                .body("items.find { it.category == 'PHOTOS' }.noticeVersion", equalTo(material));
        ConsumerRecord<String, String> revoked = topics.awaitRecord(Topics.CONSENT,
                r -> lapsing.toString().equals(r.key()) && r.value().contains("ConsentRevoked"), Duration.ofSeconds(20));
        assertNotNull(revoked, "the lapse was not announced");
        assertEquals(new ConsentRevoked(parent.id, DataCategory.VOICE), EventCodec.payload(EventCodec.decode(revoked.value())));
        assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'CONSENT_REVOKED' AND child_id = ?"
                + " AND details::jsonb ->> 'reason' = 'renewal-lapsed'", lapsing));
        // A lapse stops collection; it erases nothing the parent did not ask to.
        assertEquals(0, Database.count("SELECT count(*) FROM erasure_request WHERE child_id = ?", lapsing));
    }

    @Test
    void aRenewalMailThatCannotBeSentIsSentOnTheNextRun() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", Parents.currentNoticeVersion()).statusCode(201);
        AmendedNotice.install(generator, "A material change mailed later " + UUID.randomUUID());
        given().auth().oauth2(officer).when().post("/v1/notices/{version}/material", Parents.currentNoticeVersion()).then().statusCode(200);

        MailAndKeysTestResource.smtp().stop();
        try {
            assertEquals(0, renewals.run().parentsMailed());
        } finally {
            MailAndKeysTestResource.smtp().start();
        }
        // Every parent claimed by the failed run was un-claimed: none reads as mailed.
        assertEquals(0, Database.count("SELECT count(*) FROM consent_record WHERE renewal_mailed_at IS NOT NULL"));
        consents(parent, child).body("items[0].renewalDueAt", notNullValue());

        renewals.run();
        assertEquals(1, renewalMails(parent).length);
        assertEquals(1, Database.count("SELECT count(*) FROM consent_record WHERE child_id = ? AND renewal_mailed_at IS NOT NULL", child));
    }

    @Test
    void theChangesBetweenTwoVersionsAreListedBySection() {
        int before = Parents.currentNoticeVersion();
        String paragraph = "Photos are now also shown to grandparents " + UUID.randomUUID();
        AmendedNotice.install(generator, paragraph);
        int after = Parents.currentNoticeVersion();

        given().when().get("/v1/notices/{version}/changes?since={since}", after, before).then().statusCode(200)
                .body("version", equalTo(after))
                .body("since", equalTo(before))
                .body("material", equalTo(false))
                .body("sections.size()", equalTo(1))
                .body("sections[0].section", equalTo(paragraph))
                .body("sections[0].added", equalTo(List.of(paragraph)))
                .body("sections[0].removed", equalTo(List.of()));
        given().when().get("/v1/notices/{version}/changes?since={since}", before, after)
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/v1/notices/{version}/changes", after).then().statusCode(400).contentType("application/problem+json");
        given().when().get("/v1/notices/{version}/changes?since=abc", after).then().statusCode(400)
                .contentType("application/problem+json").body("type", containsString("invalid-since"));
        given().when().get("/v1/notices/{version}/changes?since={since}", after + 1000, before).then().statusCode(404);
    }

    private static io.restassured.response.ValidatableResponse consents(Parents parent, UUID child) {
        return given().auth().oauth2(parent.token()).when().get("/v1/children/{childId}/consents", child).then().statusCode(200);
    }

    private static MimeMessage[] renewalMails(Parents parent) {
        return Arrays.stream(parent.mailbox()).filter(mail -> {
            try {
                return mail.getSubject().startsWith(SUBJECT);
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    private static void execute(String sql, Object... values) throws SQLException {
        try (Connection connection = Database.asService(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
