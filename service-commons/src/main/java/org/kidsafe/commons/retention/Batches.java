package org.kidsafe.commons.retention;

import java.util.function.IntSupplier;

/**
 * The one loop of every bounded purge (issue 18: nothing is kept forever, yet no purge holds a long transaction or
 * locks a whole table): run one batch, each in a transaction of its own, until a batch comes back short.
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
}
