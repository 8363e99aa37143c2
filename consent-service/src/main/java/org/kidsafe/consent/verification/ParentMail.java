package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** The messages to parents: email plus with the direct notice, reminders and deletion notices. Failures are reported without the address. */
@ApplicationScoped
public class ParentMail {

    private static final Logger LOG = Logger.getLogger(ParentMail.class);
    private static final int ATTEMPTS = 2;

    private final Mailer mailer;

    ParentMail(Mailer mailer) {
        this.mailer = mailer;
    }

    /** A message delivering the direct notice (issue 19 item 2), as {@link NoticeMail} renders it: plain text and HTML. */
    public void sendWithNotice(String email, NoticeMail.Rendered message) {
        send(Mail.withText(email, message.subject(), message.text()).setHtml(message.html()));
    }

    /** An invitation to become a child's guardian (issue 19 item 4), as {@link NoticeMail#guardianInvitation} renders it. */
    public void sendGuardianInvitation(String email, NoticeMail.Rendered message) {
        send(Mail.withText(email, message.subject(), message.text()).setHtml(message.html()));
    }

    public void sendRevocationReminder(String email) {
        send(Mail.withText(email, "You can change your KidSafe consent at any time",
                "You recently confirmed your consent for your child's KidSafe toy.\n\n"
                        + "You can review and export what is kept about your child, revoke any consent, or have your child's"
                        + " information deleted at any time in the parent app. If you did not give this consent, revoke it there now."));
    }

    public void sendProfileExpired(String email, Instant lastActivityAt) {
        send(Mail.withText(email, "Your child's KidSafe profile was deleted",
                "As our notice says, a profile nobody uses is not kept: your child's toy profile was deleted because neither you"
                        + " nor the toy used it since " + LocalDate.ofInstant(lastActivityAt, ZoneOffset.UTC) + ".\n\n"
                        + "Your consents are unchanged; review or revoke them at any time in the parent app."));
    }

    /** The purge deletes the parent's Keycloak user too (issue 19 item 5), so the mail says the sign-in goes as well. */
    public void sendIdleReminder(String email, Instant purgeAfter) {
        send(Mail.withText(email, "Your KidSafe account will be deleted",
                "You confirmed that you are a parent, but no child and no consent are registered with KidSafe for you.\n\n"
                        + "We keep your address only to seek your consent, so it, your verification and your KidSafe account"
                        + " (your sign-in) will be deleted after " + LocalDate.ofInstant(purgeAfter, ZoneOffset.UTC)
                        + " unless you add a child in the parent app before then."));
    }

    public void sendFormExpired(String email, Instant submittedAt, Duration deadline) {
        send(Mail.withText(email, "Your signed KidSafe consent form was deleted",
                "The signed consent form you uploaded on " + LocalDate.ofInstant(submittedAt, ZoneOffset.UTC) + " was not reviewed within "
                        + deadline.toDays() + " days, so it was deleted: we keep such a form only while it is checked.\n\n"
                        + "Nothing else changed. To verify this way, upload your signed form again in the parent app."));
    }

    /**
     * A leaving parent's erasure receipts (issue 19 item 5), mailed before their address is deleted: each erasure's id and
     * its signed receipt (ids, categories and times only, no child data), verifiable with the keys at {@code GET /v1/keys}
     * after the account is gone.
     */
    public void sendLeavingReceipts(String email, Map<UUID, String> receiptsByErasure) {
        StringBuilder text = new StringBuilder("You asked to leave KidSafe. Everything KidSafe held about your children was erased;"
                + " your address and your account are deleted next.\n\n"
                + "Keep these signed erasure receipts: each can be checked against KidSafe's public keys (GET /v1/keys).\n");
        if (receiptsByErasure.isEmpty()) {
            text.append("\nYou had no children registered, so there is no receipt.\n");
        }
        receiptsByErasure.forEach((erasureId, receipt) -> text.append("\nErasure ").append(erasureId).append(":\n").append(receipt).append('\n'));
        send(Mail.withText(email, "You left KidSafe: your erasure receipts", text.toString()));
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
