package org.kidsafe.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A token reused for most of its five-minute life: signing in for every one of hundreds of calls would dominate the run. */
final class CachedToken implements Supplier<String> {

    private static final Duration REUSE_FOR = Duration.ofMinutes(4);

    private final Supplier<String> signIn;
    private String token;
    private Instant fetchedAt = Instant.MIN;

    CachedToken(Supplier<String> signIn) {
        this.signIn = signIn;
    }

    @Override
    public synchronized String get() {
        if (token == null || Instant.now().isAfter(fetchedAt.plus(REUSE_FOR))) {
            token = signIn.get();
            fetchedAt = Instant.now();
        }
        return token;
    }
}
