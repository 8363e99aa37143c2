package org.kidsafe.crypto.datakey;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code kidsafe.jobs.data-key-table-rewrite.every} (daily): rewrites the {@code data_key} table, so destroyed
 * keys leave the database's heap files ({@link DataKeyTableRewrite}, issue 18 item 1).
 */
@ApplicationScoped
public class DataKeyTableRewriteJob {

    private final DataKeyTableRewrite rewrite;

    DataKeyTableRewriteJob(DataKeyTableRewrite rewrite) {
        this.rewrite = rewrite;
    }

    @Scheduled(every = "${kidsafe.jobs.data-key-table-rewrite.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        rewrite.rewrite();
    }
}
