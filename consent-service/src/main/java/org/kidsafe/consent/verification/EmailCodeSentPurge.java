package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The rows the email-code cooldowns count ({@link EmailCodeSent}) are needed only while a cooldown looks back at them
 * (issue 17 item 3; issue 18: nothing is kept forever): older ones are deleted in bounded batches under
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work. Run by {@code EmailCodeSentPurgeJob}. Not in the ledger:
 * the ledger's {@code VERIFICATION_CODE_SENT} entry already records each code.
 */
@ApplicationScoped
public class EmailCodeSentPurge {

    /** Rows per transaction. */
    private static final int BATCH = 500;

    private final EmailCodeSentRepository sent;
    private final VerificationSettings settings;
    private final Clock clock;

    EmailCodeSentPurge(EmailCodeSentRepository sent, VerificationSettings settings, Clock clock) {
        this.sent = sent;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes every row no cooldown looks at any more; returns how many. */
    public int purgeDue() {
        Duration longest = Stream.of(settings.codeCooldownPerAddress(), settings.codeCooldownPerParent(), settings.codesPerParentWindow())
                .max(Duration::compareTo).orElseThrow();
        Instant cutoff = clock.instant().minus(longest);
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(() -> purgeBatch(cutoff)));
    }

    private int purgeBatch(Instant cutoff) {
        List<UUID> due = sent.sentBeforeForUpdate(cutoff, BATCH);
        if (!due.isEmpty()) {
            sent.delete("id in ?1", due);
        }
        return due.size();
    }
}
