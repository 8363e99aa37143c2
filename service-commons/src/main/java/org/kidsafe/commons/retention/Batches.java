package org.kidsafe.commons.retention;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one loop of every bounded purge (issue 18: nothing is kept forever, yet no purge holds a long transaction or
 * locks a whole table): run one batch, each in a transaction of its own, until a batch comes back short. Also the one
 * loop of every claimed mailing (issue 21 item 1: claimed under {@code FOR UPDATE SKIP LOCKED} so replicas share them,
 * mailed only after the claim commits).
 */
public final class Batches {

    private Batches() {
    }

    /**
     * @param batchSize the most rows one batch takes
     * @param batch     takes and handles at most {@code batchSize} rows in a new transaction, and says how many
     * @return the rows handled by every batch together
     */
    public static int untilShort(int batchSize, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled == batchSize);
        return total;
    }

    /**
     * Claims a batch and sends each of its items after the claim committed, until a batch comes back short or a send
     * failed (a failed send un-claims its item itself, for a later run; the rest of its batch is still sent).
     *
     * @param batchSize the most items one claim takes
     * @param claim     claims at most {@code batchSize} items in a transaction of its own and returns them
     * @param send      sends one claimed item outside any transaction; false when it failed
     * @return how many were sent
     */
    public static <T> int claimThenSend(int batchSize, Supplier<List<T>> claim, Predicate<T> send) {
        int sent = 0;
        List<T> claimed;
        boolean allSent;
        do {
            claimed = claim.get();
            allSent = true;
            for (T item : claimed) {
                if (send.test(item)) {
                    sent++;
                } else {
                    allSent = false;
                }
            }
        } while (claimed.size() == batchSize && allSent);
        return sent;
    }
}
