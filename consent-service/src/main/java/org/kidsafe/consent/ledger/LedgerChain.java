package org.kidsafe.consent.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.jobs.JobLock;

import java.util.List;

/**
 * Links committed ledger entries into the hash chain (issue 21 item 3), so that a step appends its entry without any
 * lock and the chain is still one ordered, hash-linked sequence. One replica at a time ({@link JobLock}, job
 * {@value #JOB}) links entries in id order, {@code kidsafe.jobs.ledger-chain.batch} per short transaction: each link
 * takes the next position after the last link and hashes it with the entry and the previous hash. An entry whose
 * transaction commits late is linked by a later batch, at a later position; nothing waits for it. Should two chainers
 * ever run at once (a lock's connection lost while its holder works on), the links' primary key and unique entry make
 * the second one's batch fail and roll back instead of forking the chain or linking an entry twice.
 * <p>
 * Which entries can still appear: each batch notes the oldest transaction running when it started ({@code horizon});
 * when a batch has linked every entry it could see, every entry written by a transaction before that one is linked, so
 * the next batch reads only entries written since. Entries written before the last horizon are never re-read, which
 * keeps a batch's cost to the recent entries however long the ledger is.
 */
@ApplicationScoped
public class LedgerChain {

    static final String JOB = "ledger-chain";

    private final LedgerLinkRepository links;
    private final LedgerRepository entries;
    private final JobLock jobs;

    LedgerChain(LedgerLinkRepository links, LedgerRepository entries, JobLock jobs) {
        this.links = links;
        this.entries = entries;
        this.jobs = jobs;
    }

    /**
     * Links every entry committed so far, in batches, unless another replica is linking.
     *
     * @return entries linked, 0 if another replica holds the job
     */
    public int linkCommitted() {
        return jobs.batchesAlone(JOB, size -> QuarkusTransaction.requiringNew().call(() -> linkBatch(size)));
    }

    private int linkBatch(int size) {
        String runningSince = links.runningSince();
        LedgerLinkRepository.Tail tail = links.tail().orElse(new LedgerLinkRepository.Tail(0, Ledger.GENESIS, "0"));
        List<Long> unlinked = links.unlinkedIds(tail.horizon(), size + 1);
        boolean allSeen = unlinked.size() <= size;
        String horizon = allSeen ? runningSince : tail.horizon();
        long seq = tail.seq();
        String prevHash = tail.hash();
        List<LedgerEntry> batch = entries.inIdOrder(unlinked.subList(0, Math.min(size, unlinked.size())));
        for (LedgerEntry entry : batch) {
            seq++;
            String hash = Ledger.hashOf(seq, entry, prevHash);
            links.insert(seq, entry.id, prevHash, hash, horizon);
            prevHash = hash;
        }
        return batch.size();
    }
}
