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
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.notice.NoticeGenerator;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.verification.RevocationReminderJob;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 10: the code mail and the notice it carries are in the parent's language, over the real SMTP server: their
 * choice ({@code PUT /v1/me/preferences}), then the request's {@code Accept-Language}, then English; the consent names
 * the text actually mailed, by its hash and its language.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class LanguagesTest {

    private static final String SPANISH_SUBJECT = "Tu código de confirmación de KidSafe y nuestro aviso a madres, padres y tutores";
    private static final String ENGLISH_SUBJECT = "Your KidSafe confirmation code and our notice to parents";
    private static final Pattern SPANISH_CODE = Pattern.compile("código de confirmación es (\\d{8})");

    @Inject
    NoticeGenerator generator;
    @Inject
    RevocationReminderJob reminders;
    @Inject
    MutableClock clock;

    @Test
    void thePreferenceIsStoredAndOnlyEnglishSpanishOrNoneIsAccepted() {
        Parents parent = new Parents();
        given().auth().oauth2(parent.token()).when().get("/v1/me/preferences").then().statusCode(200).body("language", nullValue());
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"language\":\"fr\"}")
                .when().put("/v1/me/preferences").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"language\":\"es\"}")
                .when().put("/v1/me/preferences").then().statusCode(200).body("language", equalTo("es"));
        given().auth().oauth2(parent.token()).when().get("/v1/me/preferences").then().statusCode(200).body("language", equalTo("es"));
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"language\":null}")
                .when().put("/v1/me/preferences").then().statusCode(200).body("language", nullValue());
        given().auth().oauth2(new Parents().token()).when().get("/v1/me/preferences").then().statusCode(200).body("language", nullValue());
    }

    @Test
    void aParentWhoChoseSpanishGetsTheCodeAndTheNoticeInSpanishAndTheirConsentNamesTheSpanishText() throws Exception {
        Parents parent = new Parents();
        choose(parent, "es");

        UUID challenge = requestCode(parent, "en-US,en;q=0.9");
        MimeMessage mail = onlyMail(parent);
        assertEquals(SPANISH_SUBJECT, mail.getSubject());
        String text = Parents.text(mail);
        int version = Parents.currentNoticeVersion();
        String spanish = generator.generate(Language.ES).text();
        String hash = Hashing.sha256(spanish);
        String header = "----- Aviso directo, versión " + version + " -----\n";
        String footer = "----- Fin del aviso, versión " + version + ", SHA-256 " + hash + " -----";
        assertTrue(text.contains(header) && text.contains(footer), text);
        assertEquals(spanish, text.substring(text.indexOf(header) + header.length(), text.indexOf(footer)));
        assertTrue(spanish.startsWith("Aviso directo a madres, padres y tutores"), spanish);
        assertTrue(Parents.part(mail, "text/html").contains("<html lang=\"es\">"));

        Matcher code = SPANISH_CODE.matcher(text);
        assertTrue(code.find(), text);
        parent.confirm(challenge, code.group(1)).statusCode(200);
        UUID child = parent.registerChild();
        parent.grant(child, "PHOTOS", version).statusCode(201)
                .body("noticeVersion", equalTo(version))
                .body("noticeHash", equalTo(hash));
        assertEquals(1, Database.count("SELECT count(*) FROM consent_record WHERE child_id = ? AND notice_language = 'es'", child));
    }

    /** The notice is served in Spanish too, by Accept-Language, with the Spanish text's own hash (the one a consent names). */
    @Test
    void theNoticeIsServedInTheLanguageAskedFor() {
        String spanish = generator.generate(Language.ES).text();
        String english = generator.generate(Language.EN).text();
        int version = given().header("Accept-Language", "es-MX,es;q=0.9,en;q=0.5").when().get("/v1/notices/current").then()
                .statusCode(200).body("language", equalTo("es")).body("text", equalTo(spanish))
                .body("contentHash", equalTo(Hashing.sha256(spanish))).extract().path("version");
        given().header("Accept-Language", "es").when().get("/v1/notices/" + version).then().statusCode(200)
                .body("language", equalTo("es")).body("text", equalTo(spanish));
        given().when().get("/v1/notices/current").then().statusCode(200).body("language", equalTo("en")).body("text", equalTo(english))
                .body("contentHash", equalTo(Hashing.sha256(english)));
        given().header("Accept-Language", "fr, de;q=0.8").when().get("/v1/notices/current").then().statusCode(200)
                .body("language", equalTo("en"));
    }

    @Test
    void withoutAChoiceTheBrowsersLanguageDecidesAndAChoiceOutranksIt() throws MessagingException {
        Parents browserSpanish = new Parents();
        requestCode(browserSpanish, "es-MX,es;q=0.9,en;q=0.8");
        assertEquals(SPANISH_SUBJECT, onlyMail(browserSpanish).getSubject());

        Parents browserEnglish = new Parents();
        requestCode(browserEnglish, "fr-FR,en;q=0.5");
        assertEquals(ENGLISH_SUBJECT, onlyMail(browserEnglish).getSubject(), "French is not offered: the next supported, English");

        Parents choseEnglish = new Parents();
        choose(choseEnglish, "en");
        requestCode(choseEnglish, "es-MX");
        MimeMessage mail = onlyMail(choseEnglish);
        assertEquals(ENGLISH_SUBJECT, mail.getSubject());
        assertTrue(Parents.text(mail).contains("Direct notice to parents"));

        Parents noHeader = new Parents();
        noHeader.requestCode();
        assertEquals(ENGLISH_SUBJECT, onlyMail(noHeader).getSubject(), "no choice, no header: English");
    }

    /** A mail no request causes (a job's) follows the stored choice alone. */
    @Test
    void theRevocationReminderAJobSendsFollowsTheChoice() {
        Parents parent = new Parents();
        choose(parent, "es");
        UUID challenge = requestCode(parent, "en");
        Matcher code = SPANISH_CODE.matcher(Parents.text(onlyMail(parent)));
        assertTrue(code.find());
        parent.confirm(challenge, code.group(1)).statusCode(200);

        clock.advance(Duration.ofHours(25));
        reminders.sendDueReminders();
        MimeMessage[] mails = await().atMost(Duration.ofSeconds(20)).until(parent::mailbox, found -> found.length == 2);
        try {
            assertEquals("Puedes cambiar tu consentimiento de KidSafe en cualquier momento", mails[1].getSubject());
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        assertTrue(Parents.text(mails[1]).contains("revocar cualquier consentimiento"), Parents.text(mails[1]));
    }

    private static void choose(Parents parent, String language) {
        given().auth().oauth2(parent.token()).contentType(ContentType.JSON).body("{\"language\":\"" + language + "\"}")
                .when().put("/v1/me/preferences").then().statusCode(200);
    }

    private static UUID requestCode(Parents parent, String acceptLanguage) {
        return UUID.fromString(given().auth().oauth2(parent.token()).header("Accept-Language", acceptLanguage)
                .contentType(ContentType.JSON).body("{\"email\":\"" + parent.email + "\"}")
                .when().post("/v1/verification/email").then().statusCode(202).extract().path("challengeId"));
    }

    private static MimeMessage onlyMail(Parents parent) {
        return await().atMost(Duration.ofSeconds(20)).until(parent::mailbox, found -> found.length > 0)[0];
    }
}
