package org.kidsafe.consent;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.kidsafe.testsupport.HostilePdfs;
import org.kidsafe.testsupport.TestTokens;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A parent driving consent-service through its API, as the parent app would. */
public final class Parents {

    private static final Pattern CODE = Pattern.compile("code is (\\d{8})");
    private static final Pattern INVITATION = Pattern.compile("https://kidsafe\\.invalid/privacy-center/#invitation=([A-Za-z0-9_-]{43})");

    public final UUID id;
    public final String email;

    public Parents() {
        this(UUID.randomUUID());
    }

    /** A parent whose id is given, e.g. that of their Keycloak user. */
    public Parents(UUID id) {
        this.id = id;
        this.email = "parent-" + id + "@example.org";
    }

    public String token() {
        return TestTokens.parent(id, "kidsafe-consent");
    }

    public UUID registerChild() {
        return UUID.fromString(given().auth().oauth2(token()).when().post("/v1/children")
                .then().statusCode(201).extract().path("childId"));
    }

    /** Email plus, start to finish, reading the code from the real SMTP server. */
    public Parents verifiedByEmail() {
        UUID challenge = requestCode();
        confirm(challenge, lastCode()).statusCode(200);
        return this;
    }

    public UUID requestCode() {
        return UUID.fromString(given().auth().oauth2(token()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/v1/verification/email")
                .then().statusCode(202).extract().path("challengeId"));
    }

    /** Uploads a signed consent form (a plain PDF); returns its id. */
    public UUID uploadForm() {
        return UUID.fromString(given().auth().oauth2(token()).contentType("application/pdf").body(HostilePdfs.plain())
                .when().post("/v1/verification/consent-forms").then().statusCode(201).extract().path("formId"));
    }

    public ValidatableResponse confirm(UUID challenge, String code) {
        return given().auth().oauth2(token()).contentType(ContentType.JSON)
                .body("{\"challengeId\":\"" + challenge + "\",\"code\":\"" + code + "\"}")
                .when().post("/v1/verification/email/confirmation").then();
    }

    /** The code in the newest message to this parent. */
    public String lastCode() {
        MimeMessage[] messages = await().atMost(Duration.ofSeconds(20)).until(this::mailbox, found -> found.length > 0);
        Matcher matcher = CODE.matcher(text(messages[messages.length - 1]));
        if (!matcher.find()) {
            throw new AssertionError("no code in the message");
        }
        return matcher.group(1);
    }

    /** The message's plain text: the whole body, or its text/plain part (the code mail also has an HTML one). */
    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The body part of this type, with line ends as they were written (SMTP sends CRLF). */
    public static String part(MimeMessage message, String type) {
        try {
            if (message.getContent() instanceof Multipart multipart) {
                String found = find(multipart, type);
                if (found == null) {
                    throw new AssertionError("no " + type + " part in the message");
                }
                return found.replace("\r\n", "\n");
            }
            return message.getContent().toString().replace("\r\n", "\n");
        } catch (IOException | MessagingException e) {
            throw new AssertionError("unreadable message", e);
        }
    }

    private static String find(Multipart multipart, String type) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        return null;
    }

    public MimeMessage[] mailbox() {
        return MailAndKeysTestResource.smtp().getReceivedMessagesForDomain(email);
    }

    public ValidatableResponse grant(UUID child, String category, int noticeVersion) {
        return given().auth().oauth2(token()).contentType(ContentType.JSON)
                .body("{\"category\":\"" + category + "\",\"noticeVersion\":" + noticeVersion + "}")
                .when().post("/v1/children/{childId}/consents", child)
                .then();
    }

    public ValidatableResponse invite(UUID child, String email) {
        return given().auth().oauth2(token()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/v1/children/{c}/invitations", child).then();
    }

    public ValidatableResponse accept(String invitationToken) {
        return given().auth().oauth2(token()).contentType(ContentType.JSON).body("{\"token\":\"" + invitationToken + "\"}")
                .when().post("/v1/invitations/accept").then();
    }

    /** Invites the other parent as a guardian of the child, and they accept with the mailed link (issue 19 item 4). */
    public void share(UUID child, Parents invitee) {
        invite(child, invitee.email).statusCode(201);
        invitee.accept(invitee.lastInvitationToken()).statusCode(200);
    }

    /** The token in the newest message to this parent, an invitation's link to the privacy center. */
    public String lastInvitationToken() {
        MimeMessage[] messages = await().atMost(Duration.ofSeconds(20)).until(this::mailbox,
                found -> found.length > 0 && INVITATION.matcher(text(found[found.length - 1])).find());
        Matcher link = INVITATION.matcher(text(messages[messages.length - 1]));
        if (!link.find()) {
            throw new AssertionError("no invitation link in the message");
        }
        return link.group(1);
    }

    public static int currentNoticeVersion() {
        return given().when().get("/v1/notices/current").then().statusCode(200).extract().path("version");
    }
}
