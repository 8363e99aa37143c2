package org.kidsafe.profile.pairing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A pairing code is good for one redemption within {@link PairingSettings#codeLifetime}; its record serves nothing once
 * it was redeemed or expired, beyond the parent's review of a recent pairing, so it is deleted
 * {@link PairingSettings#spentCodeKeepFor} after that (issue 18: nothing is kept forever). Run by
 * {@code PairingCodePurgeJob}.
 * <p>
 * Bounded and replica-safe: codes are taken in batches under {@code FOR UPDATE SKIP LOCKED}, so a code a redemption
 * holds is left for the next run.
 */
@ApplicationScoped
public class PairingCodePurge {

    /** Codes per transaction. */
    private static final int BATCH = 500;

    private final PairingCodeRepository codes;
    private final PairingSettings settings;
    private final Clock clock;

    PairingCodePurge(PairingCodeRepository codes, PairingSettings settings, Clock clock) {
        this.codes = codes;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes every code redeemed or expired longer ago than the period, batch by batch; returns how many. */
    public int purgeDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::purgeBatch));
    }

    private int purgeBatch() {
        List<UUID> due = codes.spentBeforeForUpdate(clock.instant().minus(settings.spentCodeKeepFor()), BATCH);
        if (!due.isEmpty()) {
            codes.delete("id in ?1", due);
        }
        return due.size();
    }
}
