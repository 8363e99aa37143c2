package org.kidsafe.media.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.erasure-retry.every}: wakes the worker for erasures a crash or a failure left unfinished. */
@ApplicationScoped
public class ErasureRetryJob {

    private final ErasureWorker worker;

    ErasureRetryJob(ErasureWorker worker) {
        this.worker = worker;
    }

    @Scheduled(every = "${kidsafe.jobs.erasure-retry.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        worker.wakeUp();
    }
}
