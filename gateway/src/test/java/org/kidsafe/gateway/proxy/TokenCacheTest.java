package org.kidsafe.gateway.proxy;

import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one token cache's rules (issue 16 item 4, issue 22 item 3): reuse, never past expiry, bounded, key rotation. */
class TokenCacheTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger exchanges = new AtomicInteger();

    @Test
    void aSecondAskIsAnsweredFromTheCache() {
        TokenCache cache = new TokenCache(100, clock);
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
        assertEquals(1, exchanges.get());
        assertEquals("media-2", get(cache, "caller", "kidsafe-media", Duration.ofMinutes(5), "k1"), "one entry per audience");
    }

    @Test
    void anEntryIsNeverHandedOutFromItsExpiryOn() {
        TokenCache cache = new TokenCache(100, clock);
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        clock.advance(Duration.ofSeconds(59));
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        assertEquals(1, exchanges.get(), "still usable a second before");
        clock.advance(Duration.ofSeconds(1));
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        assertEquals(2, exchanges.get(), "exchanged again at reusableUntil");
    }

    @Test
    void theCacheIsBounded() {
        TokenCache cache = new TokenCache(50, clock);
        for (int i = 0; i < 1_000; i++) {
            get(cache, "caller-" + i, "kidsafe-consent", Duration.ofMinutes(5), "k1");
        }
        assertTrue(cache.size() <= 50, "held " + cache.size());
        TokenCache off = new TokenCache(0, clock);
        get(off, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1");
        get(off, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1");
        assertEquals(0, off.size());
    }

    @Test
    void aNewSigningKeyEmptiesTheCache() {
        TokenCache cache = new TokenCache(100, clock);
        get(cache, "alice", "kidsafe-consent", Duration.ofMinutes(5), "old-key");
        get(cache, "bob", "kidsafe-consent", Duration.ofMinutes(5), "old-key");
        get(cache, "carol", "kidsafe-consent", Duration.ofMinutes(5), "new-key");
        int before = exchanges.get();
        get(cache, "alice", "kidsafe-consent", Duration.ofMinutes(5), "new-key");
        assertEquals(before + 1, exchanges.get(), "alice's token signed with the retired key is not handed out again");
    }

    @Test
    void aFailedExchangeIsNotKept() {
        TokenCache cache = new TokenCache(100, clock);
        CompletableFuture<ServiceToken> failed = cache.get("caller", "kidsafe-consent",
                () -> CompletableFuture.failedFuture(new TokenExchangeUnavailable("down")));
        assertTrue(failed.isCompletedExceptionally());
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
    }

    @Test
    void theKeyIsAHashNeverTheToken() {
        TokenCache.Key key = TokenCache.Key.of("eyJ.secret.token", "kidsafe-consent");
        assertTrue(!key.tokenHash().contains("secret") && key.tokenHash().length() == 44, key.tokenHash());
    }

    private String get(TokenCache cache, String subject, String audience, Duration lifetime, String keyId) {
        Instant until = clock.instant().plus(lifetime);
        return cache.get(subject, audience, () -> CompletableFuture.completedFuture(
                new ServiceToken(audience.substring("kidsafe-".length()) + "-" + exchanges.incrementAndGet(), until, keyId))).join().value();
    }
}
