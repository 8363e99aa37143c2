package org.kidsafe.media.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Finishes accepted erasures off the consumer thread (deleting a large child's blobs takes a
 * while): woken right after a request is accepted, and by {@link ErasureRetryJob} for anything left by a crash.
 */
@ApplicationScoped
public class ErasureWorker {

    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);

    private final ErasureTaskRepository jobs;
    private final ErasureService erasures;
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
        executor.execute(this::completePending);
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
