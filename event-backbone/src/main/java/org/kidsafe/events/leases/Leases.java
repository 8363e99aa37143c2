package org.kidsafe.events.leases;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way a durable remote deletion runs (issue 21: no Keycloak call inside a database transaction; issue 16: an
 * outage only delays it), shared by consent-service's parent accounts and profile-service's toy identities: due rows
 * are claimed in a short transaction of their own ({@link LeasedRow#claim}, under {@code FOR UPDATE SKIP LOCKED}),
 * then each is attempted outside any transaction by the service, which deletes its row when the remote call
 * succeeded and leaves it to a later run otherwise.
 *
 * @param <E>  the row
 * @param <ID> its id
 */
public final class Leases<E extends LeasedRow, ID> {

    private final LeasedRowRepository<E, ID> rows;
    private final Clock clock;
    private final Duration lease;
    private final Duration maxBackoff;

    /**
     * @param lease      how long a claimed row is left to its attempt before another run may retry it; doubled per failure
     * @param maxBackoff the longest a failed row waits
     */
    public Leases(LeasedRowRepository<E, ID> rows, Clock clock, Duration lease, Duration maxBackoff) {
        this.rows = rows;
        this.clock = clock;
        this.lease = lease;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Claims and attempts due rows, batch by batch, while a full batch had a success (a batch that all failed means
     * the remote side is down: the rest waits for a later run).
     *
     * @param attempt runs the remote call outside any transaction and, when it succeeded, deletes the row; false to retry
     * @return how many attempts succeeded
     */
    public int processDue(int batch, Predicate<E> attempt) {
        return untilShortOrFailing(batch, () -> claim(now -> rows.dueForUpdate(now, batch)), attempt);
    }

    /** Claims the one row if it is due and no replica holds it, and attempts it; false when it failed (left to a later run). */
    public boolean processOne(ID id, Predicate<E> attempt) {
        return claim(now -> rows.dueForUpdate(id, now)).stream().allMatch(attempt);
    }

    /** Claims the rows {@code due} finds, in a transaction of its own that commits before any attempt. */
    private List<E> claim(Function<Instant, List<E>> due) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<E> claimed = due.apply(now);
            claimed.forEach(row -> row.claim(now, lease, maxBackoff));
            return claimed;
        });
    }

    /** The batch loop, apart from the transactions: claims until a batch comes back short or none of a batch succeeded. */
    static <E> int untilShortOrFailing(int batch, Supplier<List<E>> claim, Predicate<E> attempt) {
        int succeeded = 0;
        List<E> claimed;
        int batchSucceeded;
        do {
            claimed = claim.get();
            batchSucceeded = (int) claimed.stream().filter(attempt).count();
            succeeded += batchSucceeded;
        } while (claimed.size() == batch && batchSucceeded > 0);
        return succeeded;
    }
}
