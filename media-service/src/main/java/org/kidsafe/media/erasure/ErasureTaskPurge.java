package org.kidsafe.media.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The {@code erasure_job} row of a completed erasure records what media-service erased and when, as consent-service's
 * erasure request and receipt do; it is kept as long ({@link ErasureTaskSettings#keepFor}, 3 years after completion)
 * and then deleted (issue 18: nothing is kept forever, 16 CFR 312.10). An unfinished erasure is never deleted: the worker
 * still needs it. Run by {@code ErasureTaskPurgeJob}.
 * <p>
 * Bounded and replica-safe: rows are taken in batches under {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class ErasureTaskPurge {

    /** Rows per transaction. */
    private static final int BATCH = 500;

    private final ErasureTaskRepository jobs;
    private final ErasureTaskSettings settings;
    private final Clock clock;

    ErasureTaskPurge(ErasureTaskRepository jobs, ErasureTaskSettings settings, Clock clock) {
        this.jobs = jobs;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes every completed erasure's row older than the period, batch by batch; returns how many. */
    public int purgeDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::purgeBatch));
    }

    private int purgeBatch() {
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(settings.keepFor()).toInstant();
        List<UUID> due = jobs.completedBeforeForUpdate(cutoff, BATCH);
        if (!due.isEmpty()) {
            jobs.delete("erasureId in ?1", due);
        }
        return due.size();
    }
}
