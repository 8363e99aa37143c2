package org.kidsafe.gateway.web;

import org.jboss.logging.Logger;
import org.kidsafe.gateway.config.GatewaySettings;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A caller's rate limit that holds however many gateway replicas run (issue 21 item 1): each caller has one token
 * bucket in the gateway's database ({@link TokenLeases}), and a replica takes tokens from it a few at a time (a lease),
 * which it then spends in memory. Every token a caller spends came out of the one shared bucket, so the caller gets
 * {@code requestsPerSecond} (and {@code burst}) in all, not per replica; and the limit needs no replica count, which an
 * autoscaler would change under it.
 * <p>
 * Why leases, and not one database round trip per request: a lease holds at most what the caller earns back in the
 * lease's lifetime ({@code perSecond x leaseFor}, between 1 and {@code leaseMaxTokens}), so an authenticated caller at
 * its 20/s costs each replica it reaches about 4 round trips a second, not 20, and tokens left in a lease that expires
 * cost the caller at most one lifetime's refill. A refused caller is refused from memory until the wait the database
 * named is over, so a caller hammering the gateway costs one round trip per wait.
 * <p>
 * Why not at the ingress: ingress-nginx's {@code limit-req} counts per controller pod (the same fault again, its own
 * autoscaler included), and its global limit (memcached) keys on nginx variables, not on the verified token's subject.
 * <p>
 * If the database cannot be reached, the replica falls back to its own in-memory buckets ({@link RateLimiter}) for
 * {@code storeRetryAfter}: the limit is then per replica until the database is back, which lets callers through at a
 * bounded rate instead of refusing everyone or no one. Every fall-back is logged.
 */
public final class SharedRateLimiter {

    private static final Logger LOG = Logger.getLogger(SharedRateLimiter.class);
    /** Above this many tracked callers, spent leases are forgotten. */
    private static final int SWEEP_ABOVE = 10_000;

    private final TokenLeases store;
    private final GatewaySettings.Bucket limits;
    private final int leaseSize;
    private final long leaseForNanos;
    private final long storeRetryAfterNanos;
    private final RateLimiter fallback;
    private final Executor blocking;
    private final LongSupplier nanoTime;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /** When the store last failed, or null while it answers. */
    private volatile Long storeFailedAt;

    public SharedRateLimiter(TokenLeases store, GatewaySettings.Bucket limits, GatewaySettings.SharedLimits shared,
            Executor blocking, LongSupplier nanoTime) {
        this.store = store;
        this.limits = limits;
        long earnedInLease = (long) Math.floor(limits.requestsPerSecond() * shared.leaseFor().toNanos() / 1e9);
        this.leaseSize = (int) Math.max(1, Math.min(earnedInLease, Math.min(shared.leaseMaxTokens(), limits.burst())));
        this.leaseForNanos = shared.leaseFor().toNanos();
        this.storeRetryAfterNanos = shared.storeRetryAfter().toNanos();
        this.fallback = new RateLimiter(limits, nanoTime);
        this.blocking = blocking;
        this.nanoTime = nanoTime;
    }

    /** Tokens one lease asks for. */
    int leaseSize() {
        return leaseSize;
    }

    /**
     * Counts one request of {@code caller}: zero if allowed, else how long to wait before retrying. Completes at once
     * while the caller's lease lasts, else once the database answered (on a thread of {@code blocking}).
     */
    public CompletionStage<Duration> acquire(String caller) {
        long now = nanoTime.getAsLong();
        Long failedAt = storeFailedAt;
        if (failedAt != null && now - failedAt < storeRetryAfterNanos) {
            return CompletableFuture.completedFuture(fallback.acquire(caller));
        }
        if (leases.size() > SWEEP_ABOVE) {
            leases.values().removeIf(lease -> lease.forgettable(now, leaseForNanos));
        }
        Lease lease = leases.computeIfAbsent(caller, key -> new Lease(now));
        CompletableFuture<Boolean> renewal;
        synchronized (lease) {
            if (lease.tokens > 0 && now - lease.leasedAt < leaseForNanos) {
                lease.tokens--;
                return CompletableFuture.completedFuture(Duration.ZERO);
            }
            if (now - lease.refusedUntil < 0) {
                return CompletableFuture.completedFuture(Duration.ofNanos(lease.refusedUntil - now));
            }
            if (lease.renewal == null || lease.renewal.isDone()) {
                lease.renewal = renew(caller, lease);
            }
            renewal = lease.renewal;
        }
        // Every request that waited for the renewal tries again with what it brought (one of them may renew again).
        return renewal.thenCompose(stored -> stored ? acquire(caller) : CompletableFuture.completedFuture(fallback.acquire(caller)));
    }

    private CompletableFuture<Boolean> renew(String caller, Lease lease) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.take(caller, leaseSize, limits);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, blocking).handle((taken, failure) -> {
            long at = nanoTime.getAsLong();
            synchronized (lease) {
                lease.renewal = null;
                if (failure != null) {
                    if (storeFailedAt == null) {
                        LOG.warnf("The shared rate limits cannot be reached (%s): each replica limits callers alone for %d s",
                                failure.getCause() == null ? failure : failure.getCause(),
                                Duration.ofNanos(storeRetryAfterNanos).toSeconds());
                    }
                    storeFailedAt = at;
                    return false;
                }
                storeFailedAt = null;
                lease.tokens = taken.granted();
                lease.leasedAt = at;
                if (taken.granted() == 0) {
                    lease.refusedUntil = at + taken.retryAfter().toNanos();
                }
                return true;
            }
        });
    }

    /** True while the shared buckets answer (or have not been asked yet); false while the replica limits alone. */
    public boolean shared() {
        return storeFailedAt == null;
    }

    /** What this replica holds of one caller's shared bucket. Guarded by its own monitor. */
    private static final class Lease {
        int tokens;
        long leasedAt;
        long refusedUntil;
        CompletableFuture<Boolean> renewal;

        Lease(long now) {
            refusedUntil = now;
        }

        synchronized boolean forgettable(long now, long leaseForNanos) {
            return (renewal == null || renewal.isDone()) && (tokens == 0 || now - leasedAt >= leaseForNanos)
                    && now - refusedUntil >= 0;
        }
    }
}
