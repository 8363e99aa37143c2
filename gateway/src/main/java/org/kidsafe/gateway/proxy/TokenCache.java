package org.kidsafe.gateway.proxy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The gateway's one token cache (issue 16 item 4 with issue 22 item 3: one cache, one invalidation rule): the service
 * token obtained for a caller's token and one audience, so that a caller's next requests cost no Keycloak call.
 *
 * <ul>
 *   <li><b>Keyed by the SHA-256 of the caller's token</b> and the audience: the cache holds no caller token, and a
 *       heap dump gives the keys only as hashes.</li>
 *   <li><b>Bounded</b> by {@code maxEntries} (least recently and frequently used go first); 0 turns it off.</li>
 *   <li><b>Never beyond expiry</b>: an entry is handed out only before its {@link ServiceToken#reusableUntil()}, the
 *       earlier of both tokens' {@code exp} less a margin, checked against {@code clock} on every read (and evicted by
 *       Caffeine at that time too).</li>
 *   <li><b>Invalidated on key rotation</b>: when Keycloak signs a new service token with another key id than the one
 *       before, every entry goes, so no token signed with a retired key is handed out again.</li>
 *   <li>Concurrent requests of one caller for one service share one exchange (the entry is the pending answer); a
 *       failed exchange is never kept.</li>
 * </ul>
 */
final class TokenCache {

    private final AsyncCache<Key, ServiceToken> entries;
    private final Clock clock;
    private volatile String signingKeyId;

    TokenCache(long maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.creating((Key key, ServiceToken token) -> remaining(token)))
                // Evictions run on the calling thread: no pool of their own, and a bounded size right after a put.
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * The service token for this caller's token and audience: a cached one still usable, or what {@code exchange}
     * obtains (which is cached until it is not).
     */
    CompletableFuture<ServiceToken> get(String subjectToken, String audience, Supplier<CompletableFuture<ServiceToken>> exchange) {
        Key key = Key.of(subjectToken, audience);
        CompletableFuture<ServiceToken> entry = entries.get(key, (ignored, executor) -> exchange.get().thenApply(this::signedBy));
        if (entry.isDone() && !entry.isCompletedExceptionally() && !usable(entry.join())) {
            entries.asMap().remove(key, entry);
            entry = entries.get(key, (ignored, executor) -> exchange.get().thenApply(this::signedBy));
        }
        return entry;
    }

    /** Entries held now (after pending evictions), for tests and the gauge. */
    long size() {
        entries.synchronous().cleanUp();
        return entries.synchronous().estimatedSize();
    }

    private boolean usable(ServiceToken token) {
        return clock.instant().isBefore(token.reusableUntil());
    }

    private Duration remaining(ServiceToken token) {
        Duration left = Duration.between(clock.instant(), token.reusableUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The one invalidation rule: a new signing key id means the realm rotated its keys. */
    private ServiceToken signedBy(ServiceToken token) {
        String previous = signingKeyId;
        if (!Objects.equals(previous, token.keyId())) {
            signingKeyId = token.keyId();
            if (previous != null) {
                entries.synchronous().invalidateAll();
            }
        }
        return token;
    }

    /** SHA-256 of the caller's token (Base64) and the audience asked for. */
    record Key(String tokenHash, String audience) {

        static Key of(String token, String audience) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
                return new Key(Base64.getEncoder().encodeToString(hash), audience);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
