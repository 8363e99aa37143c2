package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.erasure.ErasureService;
import org.kidsafe.consent.notification.ParentNotifications;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.RetentionApproaching;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 8: notifications by email, read from the real SMTP server: an erasure completed with its signed receipt,
 * a toy paired or unpaired (the events consumed from the real Kafka), and the weekly retention digest, once per parent
 * per week and not to a parent who opted out (GET/PUT /v1/me/notifications). The mail job is off in tests; each test
 * sends what is due itself.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class NotificationTest {

    private static final String PSEUDONYM = "A".repeat(43);

    @Inject
    ParentNotifications notifications;
    @Inject
    ErasureService erasures;
    @Inject
    MutableClock clock;

    private final TopicProbe kafka = new TopicProbe(RealInfrastructure.shared().kafka());

    /**
     * The parent's last child: their contact goes at once, yet the receipt reaches them once the erasure completes, inline
     * and exactly as GET /v1/erasures/{id} gives it; the address kept for it is cleared once mailed. A failed send is
     * sent by the next run, and never twice.
     */
    @Test
    void anErasureCompletedMailsTheSignedReceiptEvenAfterTheContactWent() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        UUID erasureId = UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/" + child)
                .then().statusCode(202).extract().path("erasureId"));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id));
        notifications.sendDue();
        assertEquals(0, mails(parent, "Your child's KidSafe data was erased").length, "nothing before the receipt");

        for (String service : List.of("profile-service", "media-service")) {
            erasures.acceptReport(child, erasureId, service, LeavingTest.report(service, erasureId, child));
        }
        String receipt = given().auth().oauth2(parent.token()).when().get("/v1/erasures/" + erasureId)
                .then().statusCode(200).body("status", equalTo("COMPLETED")).extract().path("receipt");

        MailAndKeysTestResource.smtp().stop();
        try {
            notifications.sendDue();
        } finally {
            MailAndKeysTestResource.smtp().start();
        }
        assertEquals(0, mails(parent, "Your child's KidSafe data was erased").length);
        assertEquals(1, Database.count("SELECT count(*) FROM parent_notification WHERE parent_id = ? AND mailed_at IS NULL", parent.id),
                "the failed mail stays due");

        notifications.sendDue();
        notifications.sendDue();
        MimeMessage[] mailed = mails(parent, "Your child's KidSafe data was erased");
        assertEquals(1, mailed.length, "sent once");
        String text = Parents.text(mailed[0]);
        assertTrue(text.contains(erasureId.toString()) && text.contains(receipt), text);
        assertTrue(text.startsWith("Everything KidSafe held about your child (" + child + ")"), text);
        assertTrue(Parents.part(mailed[0], "text/html").contains(receipt));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_notification WHERE parent_id = ? AND address IS NOT NULL", parent.id),
                "the address kept for the receipt is gone once it was mailed");
    }

    /** Revoking a category erases that category only: the mail names it and carries that erasure's receipt. */
    @Test
    void aCategorysErasureMailNamesTheCategory() throws Exception {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        parent.grant(child, "PROFILE", Parents.currentNoticeVersion()).statusCode(201);
        UUID erasureId = UUID.fromString(given().auth().oauth2(parent.token()).when().delete("/v1/children/" + child + "/consents/PROFILE")
                .then().statusCode(202).extract().path("erasureId"));
        for (String service : List.of("profile-service", "media-service")) {
            erasures.acceptReport(child, erasureId, service, LeavingTest.report(service, erasureId, child));
        }
        notifications.sendDue();
        MimeMessage[] mailed = mails(parent, "Your child's KidSafe data was erased");
        assertEquals(1, mailed.length);
        String text = Parents.text(mailed[0]);
        assertTrue(text.startsWith("What KidSafe held about your child (" + child + ") under PROFILE was erased"), text);
        assertTrue(text.contains(Database.text("SELECT receipt FROM erasure_request WHERE id = ?", erasureId)), "that erasure's receipt");
    }

    /** ToyPaired tells the child's guardian, once however often it is delivered; one naming a stranger tells nobody; ToyUnpaired finds the guardian itself. */
    @Test
    void aToyPairedOrUnpairedIsMailedToTheChildsGuardianOnce() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        Parents stranger = new Parents().verifiedByEmail();

        publish(Topics.PROFILE, child, new ToyPairedV2(PSEUDONYM, stranger.id));
        EventEnvelope paired = EventCodec.envelope(child, new ToyPairedV2(PSEUDONYM, parent.id), clock.instant());
        kafka.send(Topics.PROFILE, child.toString(), EventCodec.encode(paired));
        kafka.send(Topics.PROFILE, child.toString(), EventCodec.encode(paired));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            notifications.sendDue();
            return mails(parent, "A toy was paired").length == 1;
        });
        String text = Parents.text(mails(parent, "A toy was paired")[0]);
        assertTrue(text.contains(child.toString()) && !text.contains(PSEUDONYM), "names the child, not the device: " + text);

        publish(Topics.PROFILE, child, new ToyUnpairedV2(PSEUDONYM));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            notifications.sendDue();
            return mails(parent, "A toy was unpaired").length == 1;
        });
        notifications.sendDue();
        assertEquals(1, mails(parent, "A toy was paired").length, "a redelivered event is not mailed again");
        assertEquals(1, stranger.mailbox().length, "the stranger got their code only");
    }

    /** A parent who chose Spanish is told in Spanish (issue 19 items 8 and 10): the language is theirs, not the mailer's. */
    @Test
    void aParentWhoChoseSpanishIsToldInSpanish() {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"language\":\"es\"}")
                .when().put("/v1/me/preferences").then().statusCode(200).body("language", equalTo("es"));

        publish(Topics.PROFILE, child, new ToyPairedV2(PSEUDONYM, parent.id));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            notifications.sendDue();
            return mails(parent, "Se vinculó un juguete").length == 1;
        });
        assertEquals(0, mails(parent, "A toy was paired").length, "no English copy");
    }

    /**
     * media-service's weekly count (from Kafka) makes one digest per parent and week: none for a parent who opted out,
     * none twice in the same week, the next one the week after.
     */
    @Test
    void theWeeklyRetentionDigestGoesOncePerParentAndWeekAndNotToThoseWhoOptedOut() {
        Parents parent = new Parents().verifiedByEmail();
        UUID first = parent.registerChild();
        UUID second = parent.registerChild();
        Parents optedOut = new Parents().verifiedByEmail();
        UUID theirs = optedOut.registerChild();

        given().auth().oauth2(optedOut.token()).when().get("/v1/me/notifications").then().statusCode(200).body("retentionDigest", equalTo(true));
        given().auth().oauth2(optedOut.token()).contentType(ContentType.JSON).body("{\"retentionDigest\":false}")
                .when().put("/v1/me/notifications").then().statusCode(200).body("retentionDigest", equalTo(false));
        given().auth().oauth2(optedOut.token()).when().get("/v1/me/notifications").then().statusCode(200).body("retentionDigest", equalTo(false));

        Instant now = clock.instant();
        approaching(first, Map.of(DataCategory.PHOTOS, 3L, DataCategory.VOICE, 1L), now.plus(Duration.ofDays(2)));
        approaching(second, Map.of(DataCategory.CHAT, 7L), now.plus(Duration.ofDays(5)));
        approaching(theirs, Map.of(DataCategory.PHOTOS, 2L), now.plus(Duration.ofDays(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Database.count(
                "SELECT count(*) FROM retention_approaching WHERE child_id IN (?, ?, ?)", first, second, theirs) == 3);

        notifications.writeDigests();
        notifications.writeDigests();
        notifications.sendDue();
        MimeMessage[] digests = mails(parent, "This week, some of your children's KidSafe data");
        assertEquals(1, digests.length, "one digest for both children, however often the job ran");
        String text = Parents.text(digests[0]);
        assertTrue(text.contains(first.toString()) && text.contains("photos: 3") && text.contains("voice clips: 1"), text);
        assertTrue(text.contains(second.toString()) && text.contains("chat messages: 7"), text);
        assertEquals(0, mails(optedOut, "This week").length, "opted out");

        clock.advance(Duration.ofDays(7));
        approaching(first, Map.of(DataCategory.PHOTOS, 4L), clock.instant().plus(Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            notifications.writeDigests();
            notifications.sendDue();
            return mails(parent, "This week, some of your children's KidSafe data").length == 2;
        });
        assertTrue(Parents.text(mails(parent, "This week")[1]).contains("photos: 4"), "the next week's digest");
    }

    @Test
    void aSettingWithoutItsValueIsA400Problem() {
        Parents parent = new Parents();
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{}")
                .when().put("/v1/me/notifications").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"retentionDigest\":\"sometimes\"}")
                .when().put("/v1/me/notifications").then().statusCode(400).contentType("application/problem+json");
    }

    private void approaching(UUID child, Map<DataCategory, Long> items, Instant earliest) {
        publish(Topics.MEDIA, child, new RetentionApproaching(clock.instant().plus(Duration.ofDays(7)), items, earliest));
    }

    private void publish(String topic, UUID child, Record payload) {
        kafka.send(topic, child.toString(), EventCodec.encode(EventCodec.envelope(child, payload, clock.instant())));
    }

    private static MimeMessage[] mails(Parents parent, String subjectStart) {
        return Arrays.stream(parent.mailbox()).filter(mail -> {
            try {
                return mail.getSubject().startsWith(subjectStart);
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).toArray(MimeMessage[]::new);
    }
}
