package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mail;
import io.vertx.ext.mail.SMTPException;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a parent's message survives a relay's transient failure (the end-to-end sends are in EmailPlusTest, over real SMTP). */
class ParentMailTest {

    /** What the blocking mailer throws when the relay drops the connection. */
    private static final RuntimeException DROPPED = new CompletionException(new SMTPException("got error response", 421,
            List.of("421 Service shutting down and closing transmission channel"), false));

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
        });

        mail.sendWithNotice("parent@example.org", CODE_MAIL);

        assertEquals(2, attempts[0]);
        assertEquals(1, accepted.size());
        assertEquals(List.of("parent@example.org"), accepted.get(0).getTo());
    }

    @Test
    void aRelayThatKeepsFailingIsAProblemForTheCallerAfterTwoAttempts() {
        int[] attempts = {0};
        ParentMail mail = new ParentMail(mails -> {
            attempts[0]++;
            throw DROPPED;
        });

        ProblemException problem = assertThrows(ProblemException.class,
                () -> mail.sendWithNotice("parent@example.org", CODE_MAIL));

        assertEquals(503, problem.status());
        assertEquals("mail-unavailable", problem.slug());
        assertEquals(2, attempts[0]);
    }
}
