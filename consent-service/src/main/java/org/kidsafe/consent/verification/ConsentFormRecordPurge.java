package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerSettings;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The record of a decided or expired signed consent form (ids, status, dates, reviewer; its file went at the decision)
 * is proof of how a parent was verified, as the ledger entry of that decision, so it is kept as long:
 * {@link LedgerSettings#keepFor} after the decision (issue 18: nothing is kept forever). Forms of a parent with contact
 * data go with that contact ({@link EmailVerificationService#forgetContact}); this purge covers the parents who have
 * none, whose forms had no end before. Run by {@code ConsentFormRecordPurgeJob}.
 * <p>
 * Bounded and replica-safe: forms are taken in batches under {@code FOR UPDATE SKIP LOCKED}. Each batch is counted in
 * the ledger without the parents' ids, which would otherwise be named again for another period.
 */
@ApplicationScoped
public class ConsentFormRecordPurge {

    /** Forms per transaction. */
    private static final int BATCH = 100;

    private final ConsentFormRepository forms;
    private final LedgerSettings ledgerSettings;
    private final Ledger ledger;
    private final Clock clock;

    ConsentFormRecordPurge(ConsentFormRepository forms, LedgerSettings ledgerSettings, Ledger ledger, Clock clock) {
        this.forms = forms;
        this.ledgerSettings = ledgerSettings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Deletes every form record that is due, batch by batch; returns how many. */
    public int purgeDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::purgeBatch));
    }

    private int purgeBatch() {
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(ledgerSettings.keepFor()).toInstant();
        List<UUID> due = forms.decidedBeforeWithoutContactForUpdate(cutoff, BATCH).stream().map(form -> form.id).toList();
        if (due.isEmpty()) {
            return 0;
        }
        forms.delete("id in ?1", due);
        ledger.append(LedgerType.CONSENT_FORM_RECORDS_PURGED, null, null,
                Map.of("forms", due.size(), "keepFor", ledgerSettings.keepFor().toString()));
        return due.size();
    }
}
