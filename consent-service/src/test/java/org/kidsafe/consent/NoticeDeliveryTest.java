package org.kidsafe.consent;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.notice.Notice;
import org.kidsafe.consent.notice.NoticeContent;
import org.kidsafe.consent.notice.NoticeGenerator;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 2, 16 CFR 312.4(c): starting verification mails the parent the current direct notice, over the real SMTP
 * server, with its version and hash; the consents that verification backs name the notice that was mailed.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class NoticeDeliveryTest {

    @Inject
    NoticeService notices;
    @Inject
    NoticeGenerator generator;

    @Test
    void theCodeMailCarriesTheServedNoticeWithEveryCategoryTheRightsAndHowToRevoke() {
        Parents parent = new Parents();
        parent.requestCode();
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(parent::mailbox, found -> found.length > 0)[0];
        String text = Parents.text(mail);
        String html = unescape(Parents.part(mail, "text/html"));
        JsonPath served = given().when().get("/v1/notices/current").then().statusCode(200).extract().jsonPath();
        int version = served.getInt("version");
        String hash = served.getString("contentHash");

        // The plain text part carries the notice exactly as served: its SHA-256 is the hash the mail and the API state.
        String header = "----- Direct notice, version " + version + " -----\n";
        String footer = "----- End of the notice, version " + version + ", SHA-256 " + hash + " -----";
        assertTrue(text.contains(header) && text.contains(footer), text);
        String delivered = text.substring(text.indexOf(header) + header.length(), text.indexOf(footer));
        assertEquals(served.getString("text"), delivered);
        assertEquals(hash, Hashing.sha256(delivered));
        assertTrue(html.contains("id=\"notice-version\">" + version + "<"), html);
        assertTrue(html.contains("id=\"notice-hash\">" + hash + "<"), html);

        // The HTML part: per category what and why, how long, and who receives it; then the rights and how to revoke.
        List<Map<String, Object>> categories = served.getList("categories");
        assertEquals(5, categories.size());
        for (Map<String, Object> category : categories) {
            String row = row(html, (String) category.get("category"));
            assertTrue(row.contains((String) category.get("purpose")), row);
            String retention = (String) category.get("retention");
            if (retention == null) {
                assertTrue(row.contains("Nothing of its own"), row);
                assertTrue(row.contains("Nobody: nothing is disclosed"), row);
            } else {
                assertTrue(row.contains(retention.replaceAll("^P(\\d+)D$", "$1") + " days"), row);
                assertTrue(row.contains("Nobody outside KidSafe"), row);
            }
        }
        NoticeContent content = generator.generate();
        assertTrue(html.contains("id=\"rights\">" + content.rights() + "<"), html);
        assertTrue(html.contains("id=\"how-to-revoke\">" + content.howToRevoke() + "<"), html);
        assertTrue(delivered.contains("Your rights\n  " + content.rights()), delivered);
        assertTrue(delivered.contains("How to revoke\n  " + content.howToRevoke()), delivered);
        assertTrue(content.howToRevoke().contains("privacy center"));

        // The development mailbox, the demo and the browser test read the code as the first 8-digit number of the raw body.
        Matcher firstNumber = Pattern.compile("\\b(\\d{8})\\b").matcher(GreenMailUtil.getBody(mail));
        assertTrue(firstNumber.find());
        assertEquals(parent.lastCode(), firstNumber.group(1));
    }

    @Test
    void aConsentNamesTheNoticeMailedWithTheCodeItsVerificationCameFrom() throws SQLException {
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int current = Parents.currentNoticeVersion();

        parent.grant(child, "PHOTOS", current).statusCode(201)
                .body("noticeVersion", equalTo(current))
                .body("noticeHash", equalTo(notices.version(current).contentHash))
                .body("noticeSentAt", notNullValue());

        // The verification's code came with another version than the current one (as when the notice changed between the
        // code and the grant): the consent names the one mailed, not the one current at grant time.
        Notice mailed = notices.publish("A notice mailed with an earlier code " + UUID.randomUUID(), null);
        Instant sentAt = Instant.parse("2026-11-30T10:15:30Z");
        try (Connection connection = Database.asService(); PreparedStatement update = connection.prepareStatement(
                "UPDATE parent_verification SET notice_version = ?, notice_hash = ?, notice_sent_at = ? WHERE parent_id = ?")) {
            update.setInt(1, mailed.version);
            update.setString(2, mailed.contentHash);
            update.setTimestamp(3, Timestamp.from(sentAt));
            update.setObject(4, parent.id);
            assertEquals(1, update.executeUpdate());
        }
        parent.grant(child, "CHAT", current).statusCode(201)
                .body("noticeVersion", equalTo(mailed.version))
                .body("noticeHash", equalTo(mailed.contentHash))
                .body("noticeSentAt", equalTo(sentAt.toString()));
        given().auth().oauth2(parent.token()).when().get("/v1/children/{childId}/consents", child).then().statusCode(200)
                .body("items.find { it.category == 'CHAT' }.noticeVersion", equalTo(mailed.version))
                .body("items.find { it.category == 'PHOTOS' }.noticeVersion", equalTo(current));

        // A verification that mailed no notice (from before notices were sent): the current one, marked as not sent.
        try (Connection connection = Database.asService(); PreparedStatement update = connection.prepareStatement(
                "UPDATE parent_verification SET notice_version = NULL, notice_hash = NULL, notice_sent_at = NULL WHERE parent_id = ?")) {
            update.setObject(1, parent.id);
            assertEquals(1, update.executeUpdate());
        }
        parent.grant(child, "VOICE", current).statusCode(201)
                .body("noticeVersion", equalTo(current))
                .body("noticeSentAt", nullValue());
    }

    /**
     * A signed form is another way to start verification: a parent with an address is mailed the notice as its receipt,
     * and the approved form's verification makes consents name it; a parent without one is mailed nothing, and their
     * consents name the current notice as not sent.
     */
    @Test
    void anUploadedFormsReceiptCarriesTheNoticeWhichTheConsentsItBacksName() {
        String officer = TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent");
        Parents parent = new Parents().verifiedByEmail();
        UUID child = parent.registerChild();
        int current = Parents.currentNoticeVersion();
        String hash = notices.version(current).contentHash;

        UUID form = parent.uploadForm();
        MimeMessage receipt = await().atMost(Duration.ofSeconds(20)).until(parent::mailbox, found -> found.length == 2)[1];
        String text = Parents.text(receipt);
        assertTrue(text.contains("We received the signed consent form"), text);
        assertTrue(text.contains("----- End of the notice, version " + current + ", SHA-256 " + hash + " -----"), text);
        decide(officer, form);
        parent.grant(child, "THIRD_PARTY_DISCLOSURE", current).statusCode(201)
                .body("verificationMethod", equalTo("signed-consent-form"))
                .body("noticeVersion", equalTo(current))
                .body("noticeHash", equalTo(hash))
                .body("noticeSentAt", notNullValue());

        Parents withoutAddress = new Parents();
        UUID otherChild = withoutAddress.registerChild();
        decide(officer, withoutAddress.uploadForm());
        withoutAddress.grant(otherChild, "THIRD_PARTY_DISCLOSURE", current).statusCode(201)
                .body("noticeVersion", equalTo(current))
                .body("noticeSentAt", nullValue());
        assertEquals(0, withoutAddress.mailbox().length);
    }

    private static void decide(String officer, UUID form) {
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"approved\":true}")
                .when().post("/v1/admin/consent-forms/{id}/decision", form)
                .then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    /**
     * The mail goes after the code's rows commit; when it cannot be sent they are undone: no code, no contact, and no
     * send counted against the parent's cooldown, so asking again works at once.
     */
    @Test
    void aCodeMailThatCannotBeSentLeavesNothingStored() {
        Parents parent = new Parents();
        MailAndKeysTestResource.smtp().stop();
        try {
            given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"email\":\"" + parent.email + "\"}")
                    .when().post("/v1/verification/email")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://kidsafe.dev/problems/mail-unavailable"));
        } finally {
            MailAndKeysTestResource.smtp().start();
        }
        assertEquals(0, Database.count("SELECT count(*) FROM email_challenge WHERE parent_id = ?", parent.id));
        assertEquals(0, Database.count("SELECT count(*) FROM email_code_sent WHERE parent_id = ?", parent.id));
        assertEquals(0, Database.count("SELECT count(*) FROM parent_contact WHERE parent_id = ?", parent.id));

        parent.verifiedByEmail();
    }

    /** The table row the mail gives a category. */
    private static String row(String html, String category) {
        Matcher row = Pattern.compile("<tr id=\"category-" + category + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertTrue(row.find(), "no row for " + category + " in\n" + html);
        return row.group(1);
    }

    /** Undoes Qute's HTML escaping, to compare with the served text. */
    private static String unescape(String html) {
        return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
