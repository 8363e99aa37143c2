package org.kidsafe.consent.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureRequestedV2;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sweep for silent participants: a saga someone has left unanswered past {@code kidsafe.erasure.deadline} is
 * asked again (same erasureId), counted in {@code kidsafe.erasure.overdue} and logged; a saga whose last report
 * arrived in the meantime is closed.
 */
@ApplicationScoped
public class OverdueErasureService {

    static final String JOB = "overdue-erasure";

    private static final Logger LOG = Logger.getLogger(OverdueErasureService.class);

    private final ErasureRequestRepository requests;
    private final ErasureSettings settings;
    private final ErasureParticipants participants;
    private final ErasureReceipts receipts;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final MeterRegistry meters;
    private final JobLock jobs;
    private final Clock clock;

    OverdueErasureService(ErasureRequestRepository requests, ErasureSettings settings, ErasureParticipants participants,
                          ErasureReceipts receipts, Ledger ledger, EventOutbox outbox, MeterRegistry meters, JobLock jobs, Clock clock) {
        this.requests = requests;
        this.settings = settings;
        this.participants = participants;
        this.receipts = receipts;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Asks again every overdue saga's silent participants; one replica at a time ({@link JobLock}), the others skip this
     * round. Bounded (issue 21 item 1: the sweep was one transaction over every overdue saga, holding the ledger's
     * former append lock until it ended): batches of {@code kidsafe.jobs.overdue-erasure.batch} sagas, each its own
     * transaction, until none is left.
     * <p>
     * Gives way to reports: a saga that a report changed (completed, or answered) while a batch read it fails that
     * batch's commit on its version ({@link ErasureRequest#version}); the batch then rolls back, nothing of it is
     * published, the round ends, and the next round re-reads the sagas. The report, which committed first, is never
     * overwritten.
     *
     * @return how many overdue sagas this round handled; 0 if another replica held the sweep
     */
    public int askOverdueAgain() {
        return jobs.batchesAlone(JOB, this::sweepBatch);
    }

    /** One batch in its own transaction; 0 when a report won (which ends the round). */
    private int sweepBatch(int size) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> sweep(size));
        } catch (RuntimeException e) {
            if (!changedMeanwhile(e)) {
                throw e;
            }
            LOG.infof("Overdue sweep gave way to a concurrent change of a saga; the next round asks again: %s", e.getMessage());
            return 0;
        }
    }

    private int sweep(int size) {
        Instant now = clock.instant();
        List<ErasureRequest> overdue = requests.listOverdue(now.minus(settings.deadline()), size);
        for (ErasureRequest request : overdue) {
            List<String> silent = participants.silent(request);
            if (silent.isEmpty()) {
                receipts.issue(request);
                continue;
            }
            for (String service : silent) {
                meters.counter("kidsafe.erasure.overdue", "service", service).increment();
                LOG.warnf("Erasure %s: %s has not answered after %d request(s); asking again", request.id, service, request.timesAsked);
            }
            outbox.publish(request.childId, new ErasureRequestedV2(request.id, request.categories, request.requestedAt));
            request.lastAskedAt = now;
            request.timesAsked++;
            ledger.append(LedgerType.ERASURE_PARTICIPANT_OVERDUE, request.childId, request.parentId,
                    Map.of("erasureId", request.id, "services", silent, "timesAsked", request.timesAsked));
        }
        return overdue.size();
    }

    private static boolean changedMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (changedMeanwhile(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
