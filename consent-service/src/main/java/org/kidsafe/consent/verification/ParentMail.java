package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.preference.Language;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The messages to parents: email plus with the direct notice, reminders and deletion notices. Failures are reported without the address.
 * Each is worded in Qute templates under {@code templates/mail/<language>/} and sent in the language the caller
 * resolved for the parent ({@link org.kidsafe.consent.preference.ParentLanguages}; issue 19 item 10).
 */
@ApplicationScoped
public class ParentMail {

    private static final Logger LOG = Logger.getLogger(ParentMail.class);
    private static final int ATTEMPTS = 2;

    private final Mailer mailer;
    private final Engine engine;

    ParentMail(Mailer mailer, Engine engine) {
        this.mailer = mailer;
        this.engine = engine;
    }

    /**
     * A message rendered from the templates under {@code templates/mail/<language>/} ({@link MailTemplates}): plain text and
     * HTML. The notice mails (issue 19 item 2), an invitation (item 4) and the notifications (item 8).
     */
    public void sendRendered(String email, NoticeMail.Rendered message) {
        send(Mail.withText(email, message.subject(), message.text()).setHtml(message.html()));
    }

    public void sendRevocationReminder(String email, Language language) {
        send(email, language, "revocation-reminder", Map.of());
    }

    public void sendProfileExpired(String email, Language language, Instant lastActivityAt) {
        send(email, language, "profile-expired", Map.of("lastActivityOn", LocalDate.ofInstant(lastActivityAt, ZoneOffset.UTC)));
    }

    /** The purge deletes the parent's Keycloak user too (issue 19 item 5), so the mail says the sign-in goes as well. */
    public void sendIdleReminder(String email, Language language, Instant purgeAfter) {
        send(email, language, "idle-reminder", Map.of("purgeOn", LocalDate.ofInstant(purgeAfter, ZoneOffset.UTC)));
    }

    public void sendFormExpired(String email, Language language, Instant submittedAt, Duration deadline) {
        send(email, language, "form-expired", Map.of("submittedOn", LocalDate.ofInstant(submittedAt, ZoneOffset.UTC),
                "deadlineDays", deadline.toDays()));
    }

    /**
     * A leaving parent's erasure receipts (issue 19 item 5), mailed before their address is deleted: each erasure's id and
     * its signed receipt (ids, categories and times only, no child data), verifiable with the keys at {@code GET /v1/keys}
     * after the account is gone.
     */
    public void sendLeavingReceipts(String email, Language language, Map<UUID, String> receiptsByErasure) {
        List<Receipt> receipts = receiptsByErasure.entrySet().stream().map(entry -> new Receipt(entry.getKey(), entry.getValue())).toList();
        send(email, language, "leaving-receipts", Map.of("receipts", receipts));
    }

    /** One erasure's signed receipt, as the leaving mail lists it. */
    @TemplateData
    public record Receipt(UUID erasureId, String receipt) {
    }

    private void send(String email, Language language, String mail, Map<String, Object> data) {
        String subject = MailTemplates.text(engine, language, mail + "-subject.txt", data).strip();
        send(Mail.withText(email, subject, MailTemplates.text(engine, language, mail + ".txt", data)));
    }

    /**
     * Sends, once more on another connection if the first attempt fails: relays answer 421 on a connection they have
     * dropped, and a connection whose greeting never arrives ends at {@code quarkus.mailer.timeout}; both are transient
     * (RFC 5321 4.2.1). A retried message may arrive twice, which no message here makes harmful.
     */
    private void send(Mail mail) {
        for (int attempt = 1; ; attempt++) {
            try {
                mailer.send(mail);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.warnf("Mail could not be sent after %d attempts: %s", ATTEMPTS, e.getClass().getSimpleName());
                    throw new ProblemException(503, "mail-unavailable", "Mail unavailable", "The message could not be sent; try again later.");
                }
                LOG.infof("Mail attempt %d failed (%s); sending again", attempt, e.getClass().getSimpleName());
            }
        }
    }
}
