package org.kidsafe.gateway.token;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kidsafe.gateway.config.GatewaySettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway's one token cache (issue 16 item 4 and issue 22 item 3: one mechanism, one bound, one invalidation
 * rule) for what a caller's token has already cost once. Its entries, told apart by the key's {@code purpose}:
 * <ul>
 *   <li>{@link VerifiedTokens#PURPOSE}: the outcome of Quarkus OIDC's check of the caller's token (signature, issuer,
 *       audience), so that a caller's next requests skip the signature check ({@link VerifiedCaller});</li>
 *   <li>an audience ({@code kidsafe-consent}, ...): the service token Keycloak exchanged for it ({@code proxy/ServiceTokens}).</li>
 * </ul>
 * Rules for every entry:
 * <ul>
 *   <li><b>Keyed by the SHA-256 of the caller's token</b> and the purpose: no caller token is a key, and a heap dump
 *       gives the keys only as hashes.</li>
 *   <li><b>Bounded</b> by {@code kidsafe.gateway.token-exchange.cache-max-entries} (least recently and frequently used
 *       go first); 0 turns it off.</li>
 *   <li><b>Never beyond expiry</b>: an entry is handed out only before its {@link CachedToken#reusableUntil()} (never
 *       after the caller's {@code exp}), checked against {@code clock} on every read (and evicted by Caffeine then).</li>
 *   <li><b>Invalidated on key rotation</b>: when a token signed with a key id never seen before is cached (a caller's
 *       token Quarkus OIDC accepted, for which it refetched the realm's JWKS, or a service token Keycloak signed),
 *       every entry goes, so a token signed with a key the realm has since removed is checked again by Quarkus OIDC
 *       against the keys it has now.</li>
 *   <li>Concurrent requests with one token for one purpose share one load (the entry is the pending answer); a failed
 *       load (refused token, Keycloak down) is never kept.</li>
 * </ul>
 */
@ApplicationScoped
public class TokenCache {

    private final AsyncCache<Key, CachedToken> entries;
    private final Clock clock;
    private final Set<String> signingKeys = ConcurrentHashMap.newKeySet();

    @Inject
    TokenCache(GatewaySettings config, MeterRegistry metrics) {
        this(config.tokenExchange().cacheMaxEntries(), Clock.systemUTC());
        Gauge.builder("kidsafe.gateway.token.cache.entries", this, TokenCache::size)
                .description("Entries in the gateway's token cache (verified caller tokens and exchanged service tokens)")
                .register(metrics);
    }

    TokenCache(long maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.creating((Key key, CachedToken token) -> remaining(token)))
                // Evictions run on the calling thread: no pool of their own, and a bounded size right after a put.
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * What is cached for this caller's token and purpose while still usable, or what {@code load} obtains (cached until
     * it is not). Each purpose is loaded by one caller with one type ({@code T}), so the cast cannot fail.
     */
    @SuppressWarnings("unchecked")
    public <T extends CachedToken> CompletableFuture<T> get(String callerToken, String purpose, Supplier<CompletableFuture<T>> load) {
        Key key = Key.of(callerToken, purpose);
        CompletableFuture<CachedToken> entry = entries.get(key, (ignored, executor) -> load.get());
        if (entry.isDone() && !entry.isCompletedExceptionally() && !usable(entry.join())) {
            entries.asMap().remove(key, entry);
            entry = entries.get(key, (ignored, executor) -> load.get());
        }
        // Outside Caffeine's computation of the entry (a load may complete at once), where emptying the cache is safe.
        return (CompletableFuture<T>) (CompletableFuture<?>) entry.thenApply(this::signedBy);
    }

    /** Entries held now (after pending evictions), for tests and the gauge. */
    long size() {
        entries.synchronous().cleanUp();
        return entries.synchronous().estimatedSize();
    }

    private boolean usable(CachedToken token) {
        return clock.instant().isBefore(token.reusableUntil());
    }

    private Duration remaining(CachedToken token) {
        Duration left = Duration.between(clock.instant(), token.reusableUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The one invalidation rule: a signing key id never seen before means the realm rotated its keys. */
    private CachedToken signedBy(CachedToken token) {
        String keyId = token.keyId();
        if (keyId != null && !keyId.isEmpty() && !signingKeys.contains(keyId)) {
            boolean first = signingKeys.isEmpty();
            if (signingKeys.add(keyId) && !first) {
                entries.synchronous().invalidateAll();
            }
        }
        return token;
    }

    /** SHA-256 of the caller's token (Base64) and what the entry is for. */
    record Key(String tokenHash, String purpose) {

        static Key of(String token, String purpose) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
                return new Key(Base64.getEncoder().encodeToString(hash), purpose);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
