package org.kidsafe.events.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Every {@code kidsafe.jobs.inbox-prune.every}: forgets applied events older than the topic retention ({@link InboxPruning}). */
@ApplicationScoped
public class InboxPruneJob {

    private final InboxPruning pruning;

    InboxPruneJob(InboxPruning pruning) {
        this.pruning = pruning;
    }

    @Scheduled(every = "${kidsafe.jobs.inbox-prune.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        pruning.prune();
    }
}
