package org.kidsafe.consent.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Completed erasure sagas are proof of erasure for {@link ErasureSettings#keepFor} after their completion (3 years, as
 * the ledger), then deleted with their participants' answers and the signed receipt (issue 18: nothing is kept forever,
 * 16 CFR 312.10). Run by {@code ErasureRecordPurgeJob}.
 * <p>
 * Bounded and replica-safe: sagas are taken in batches under {@code FOR UPDATE SKIP LOCKED}, so two replicas delete
 * disjoint batches. Each batch is counted in the ledger without its ids: naming the child again would restart the
 * ledger's own period for an id whose records are gone.
 */
@ApplicationScoped
public class ErasureRecordPurge {

    /** Sagas per transaction. */
    private static final int BATCH = 100;

    private final ErasureRequestRepository requests;
    private final ErasureAnswerRepository answers;
    private final ErasureSettings settings;
    private final Ledger ledger;
    private final Clock clock;

    ErasureRecordPurge(ErasureRequestRepository requests, ErasureAnswerRepository answers, ErasureSettings settings,
                       Ledger ledger, Clock clock) {
        this.requests = requests;
        this.answers = answers;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Deletes every saga completed longer ago than the period, batch by batch; returns how many. */
    public int purgeDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::purgeBatch));
    }

    private int purgeBatch() {
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(settings.keepFor()).toInstant();
        List<UUID> due = requests.completedBeforeForUpdate(cutoff, BATCH).stream().map(request -> request.id).toList();
        if (due.isEmpty()) {
            return 0;
        }
        long answersDeleted = answers.deleteForErasures(due);
        requests.delete("id in ?1", due);
        ledger.append(LedgerType.ERASURE_RECORDS_PURGED, null, null,
                Map.of("requests", due.size(), "answers", answersDeleted, "keepFor", settings.keepFor().toString()));
        return due.size();
    }
}
