package org.kidsafe.media.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finishes accepted erasures off the consumer thread (deleting a large child's blobs takes a while). Woken the moment
 * an erasure job commits on this replica ({@link ErasureAccepted}, issue 22 item 3: the bytes go without waiting for a
 * timer), and by {@link ErasureRetryJob} as the safety net for jobs a crash, a failure or another replica left
 * unfinished. Jobs are claimed with {@code FOR UPDATE SKIP LOCKED} ({@link ErasureTaskRepository#claimPending}), so
 * replicas woken together do not work on one job at once.
 */
@ApplicationScoped
public class ErasureWorker {

    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);

    private final ErasureTaskRepository jobs;
    private final ErasureService erasures;
    /** A run is queued and has not started: further wake-ups join it instead of queueing one run each. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "media-erasure");
        thread.setDaemon(true);
        return thread;
    });

    ErasureWorker(ErasureTaskRepository jobs, ErasureService erasures) {
        this.jobs = jobs;
        this.erasures = erasures;
    }

    public void wakeUp() {
        if (queued.compareAndSet(false, true)) {
            executor.execute(() -> {
                queued.set(false);
                completePending();
            });
        }
    }

    /** After the transaction that stored the job committed (never for one that rolled back). */
    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ErasureAccepted job) {
        wakeUp();
    }

    void completePending() {
        List<UUID> pending = QuarkusTransaction.requiringNew().call(jobs::pendingIds);
        for (UUID erasureId : pending) {
            try {
                erasures.complete(erasureId);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "Erasure %s failed; it will be retried", erasureId);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
