package org.kidsafe.gateway.token;

import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one token cache's rules (issue 16 item 4, issue 22 item 3) for both kinds of entry, exchanged service tokens and
 * verified caller tokens: reuse, never past expiry, bounded, key rotation.
 */
class TokenCacheTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger loads = new AtomicInteger();

    /** An entry as the cache sees it: a value, its last usable instant, the key that signed it. */
    record Entry(String value, Instant reusableUntil, String keyId) implements CachedToken {
    }

    @Test
    void aSecondAskIsAnsweredFromTheCache() {
        TokenCache cache = new TokenCache(100, clock);
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
        assertEquals(1, loads.get());
        assertEquals("media-2", get(cache, "caller", "kidsafe-media", Duration.ofMinutes(5), "k1"), "one entry per purpose");
    }

    @Test
    void anEntryIsNeverHandedOutFromItsExpiryOn() {
        TokenCache cache = new TokenCache(100, clock);
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        clock.advance(Duration.ofSeconds(59));
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        assertEquals(1, loads.get(), "still usable a second before");
        clock.advance(Duration.ofSeconds(1));
        get(cache, "caller", "kidsafe-consent", Duration.ofSeconds(60), "k1");
        assertEquals(2, loads.get(), "loaded again at reusableUntil");
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
        int before = loads.get();
        get(cache, "alice", "kidsafe-consent", Duration.ofMinutes(5), "new-key");
        assertEquals(before + 1, loads.get(), "alice's token signed with the retired key is not handed out again");
        get(cache, "alice", "kidsafe-consent", Duration.ofMinutes(5), "new-key");
        get(cache, "dave", "kidsafe-consent", Duration.ofMinutes(5), "old-key");
        get(cache, "alice", "kidsafe-consent", Duration.ofMinutes(5), "new-key");
        assertEquals(before + 2, loads.get(), "a key seen before (a token of the passive key) empties nothing");
    }

    @Test
    void aFailedLoadIsNotKept() {
        TokenCache cache = new TokenCache(100, clock);
        CompletableFuture<Entry> failed = cache.get("caller", "kidsafe-consent",
                () -> CompletableFuture.failedFuture(new IllegalStateException("down")));
        assertTrue(failed.isCompletedExceptionally());
        assertEquals("consent-1", get(cache, "caller", "kidsafe-consent", Duration.ofMinutes(5), "k1"));
    }

    @Test
    void theKeyIsAHashNeverTheToken() {
        TokenCache.Key key = TokenCache.Key.of("eyJ.secret.token", "kidsafe-consent");
        assertTrue(!key.tokenHash().contains("secret") && key.tokenHash().length() == 44, key.tokenHash());
    }

    // Verified caller tokens (issue 22 item 3), with a verifier that stands in for Quarkus OIDC: it accepts a token
    // while its signing key is in the realm's keys and the clock is before its exp, and counts its checks.

    private final Set<String> realmKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger verifications = new AtomicInteger();

    @Test
    void aVerifiedTokenIsNotVerifiedAgain() {
        TokenCache cache = new TokenCache(100, clock);
        realmKeys.add("k1");
        Instant exp = clock.instant().plus(Duration.ofMinutes(5));
        verify(cache, "alice", exp, "k1");
        verify(cache, "alice", exp, "k1");
        assertEquals(1, verifications.get());
        verify(cache, "bob", exp, "k1");
        assertEquals(2, verifications.get(), "another token is verified on its own");
    }

    @Test
    void anExpiredTokenIsRefusedEvenThoughItWasCached() {
        TokenCache cache = new TokenCache(100, clock);
        realmKeys.add("k1");
        Instant exp = clock.instant().plus(Duration.ofMinutes(5));
        verify(cache, "alice", exp, "k1");
        clock.advance(Duration.ofMinutes(5));
        assertThrows(Exception.class, () -> verify(cache, "alice", exp, "k1"), "checked again at its exp, and refused");
        assertEquals(2, verifications.get());
    }

    @Test
    void afterKeyRotationATokenOfTheRemovedKeyIsRefusedEvenThoughItWasCached() {
        TokenCache cache = new TokenCache(100, clock);
        realmKeys.add("old");
        Instant exp = clock.instant().plus(Duration.ofMinutes(5));
        verify(cache, "alice", exp, "old");
        // The realm rotates: a new active key, the old one removed. The first token of the new key is verified (Quarkus
        // OIDC refetches the realm's keys for its unknown kid) and cached.
        realmKeys.remove("old");
        realmKeys.add("new");
        verify(cache, "bob", exp, "new");
        assertThrows(Exception.class, () -> verify(cache, "alice", exp, "old"), "alice's cached token is checked again, and refused");
    }

    private String verify(TokenCache cache, String token, Instant exp, String keyId) {
        return cache.<Entry>get(token, VerifiedTokens.PURPOSE, () -> {
            verifications.incrementAndGet();
            return realmKeys.contains(keyId) && clock.instant().isBefore(exp)
                    ? CompletableFuture.completedFuture(new Entry(token, exp, keyId))
                    : CompletableFuture.failedFuture(new IllegalStateException("refused"));
        }).join().value();
    }

    private String get(TokenCache cache, String subject, String audience, Duration lifetime, String keyId) {
        Instant until = clock.instant().plus(lifetime);
        return cache.<Entry>get(subject, audience, () -> CompletableFuture.completedFuture(
                new Entry(audience.substring("kidsafe-".length()) + "-" + loads.incrementAndGet(), until, keyId))).join().value();
    }
}
