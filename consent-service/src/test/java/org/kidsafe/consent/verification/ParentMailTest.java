package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import io.vertx.ext.mail.SMTPException;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.preference.Language;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a parent's message survives a relay's transient failure (the end-to-end sends are in EmailPlusTest, over real SMTP). */
class ParentMailTest {

    /** What the blocking mailer throws when the relay drops the connection. */
    private static final RuntimeException DROPPED = new CompletionException(new SMTPException("got error response", 421,
            List.of("421 Service shutting down and closing transmission channel"), false));

    /** A message delivering the notice comes rendered: ParentMail's own templates are not read here. */
    private static final Engine UNUSED_TEMPLATES = Engine.builder().addDefaults().build();

    /** consent-service's mail templates, read from the class path as Quarkus reads them. */
    private static final Engine SERVICE_TEMPLATES = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addLocator(id -> Optional.ofNullable(ParentMailTest.class.getClassLoader().getResource("templates/" + id))
                    .map(url -> new TemplateLocator.TemplateLocation() {
                        public Reader read() {
                            try {
                                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }

                        public Optional<Variant> getVariant() {
                            return Optional.empty();
                        }
                    }))
            .build();
    private static final UUID ERASURE = UUID.fromString("00000000-0000-0000-0000-000000000019");

    private static final NoticeMail.Rendered CODE_MAIL = new NoticeMail.Rendered("Your code", "Your code is 12345678.", "<p>12345678</p>");

    @Test
    void aMessageTheRelayRefusedOnceGoesOutOnTheSecondAttempt() {
        List<Mail> accepted = new ArrayList<>();
        int[] attempts = {0};
        ParentMail mail = new ParentMail(mails -> {
            if (attempts[0]++ == 0) {
                throw DROPPED;
            }
            accepted.addAll(List.of(mails));
        }, UNUSED_TEMPLATES);

        mail.sendRendered("parent@example.org", CODE_MAIL);

        assertEquals(2, attempts[0]);
        assertEquals(1, accepted.size());
        assertEquals(List.of("parent@example.org"), accepted.get(0).getTo());
    }

    /**
     * Issue 19 item 10: every plain mail is worded in English and in Spanish, from the service's own templates; the
     * English leaving mail is, to the character, what the code wrote before its wording moved to a template.
     */
    @Test
    void everyPlainMailIsWrittenInEnglishAndInSpanish() {
        Map<Language, List<Mail>> sent = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            List<Mail> accepted = new ArrayList<>();
            ParentMail mail = new ParentMail(mails -> accepted.addAll(List.of(mails)), SERVICE_TEMPLATES);
            Instant when = Instant.parse("2026-12-01T10:00:00Z");
            mail.sendRevocationReminder("parent@example.org", language);
            mail.sendProfileExpired("parent@example.org", language, when);
            mail.sendIdleReminder("parent@example.org", language, when);
            mail.sendFormExpired("parent@example.org", language, when, Duration.ofDays(30));
            mail.sendLeavingReceipts("parent@example.org", language, new LinkedHashMap<>(Map.of(ERASURE, "signed.receipt")));
            mail.sendLeavingReceipts("parent@example.org", language, Map.of());
            sent.put(language, accepted);
        }
        List<Mail> english = sent.get(Language.EN);
        List<Mail> spanish = sent.get(Language.ES);
        assertEquals(6, spanish.size());
        for (int i = 0; i < english.size(); i++) {
            assertNotEquals(english.get(i).getSubject(), spanish.get(i).getSubject());
            assertNotEquals(english.get(i).getText(), spanish.get(i).getText());
            String text = spanish.get(i).getText();
            assertFalse(text.contains("{"), () -> "unresolved: " + text);
        }
        assertEquals("Puedes cambiar tu consentimiento de KidSafe en cualquier momento", spanish.get(0).getSubject());
        assertTrue(spanish.get(1).getText().contains("desde el 2026-12-01"), spanish.get(1).getText());
        assertTrue(spanish.get(3).getText().contains("en 30 días"), spanish.get(3).getText());
        assertEquals("You asked to leave KidSafe. Everything KidSafe held about your children was erased;"
                + " your address and your account are deleted next.\n\n"
                + "Keep these signed erasure receipts: each can be checked against KidSafe's public keys (GET /v1/keys).\n"
                + "\nErasure " + ERASURE + ":\nsigned.receipt\n", english.get(4).getText());
        assertTrue(english.get(5).getText().endsWith("(GET /v1/keys).\n\nYou had no children registered, so there is no receipt.\n"),
                english.get(5).getText());
        assertTrue(spanish.get(4).getText().contains("\nEliminación " + ERASURE + ":\nsigned.receipt\n"), spanish.get(4).getText());
    }

    @Test
    void aRelayThatKeepsFailingIsAProblemForTheCallerAfterTwoAttempts() {
        int[] attempts = {0};
        ParentMail mail = new ParentMail(mails -> {
            attempts[0]++;
            throw DROPPED;
        }, UNUSED_TEMPLATES);

        ProblemException problem = assertThrows(ProblemException.class,
                () -> mail.sendRendered("parent@example.org", CODE_MAIL));

        assertEquals(503, problem.status());
        assertEquals("mail-unavailable", problem.slug());
        assertEquals(2, attempts[0]);
    }
}
