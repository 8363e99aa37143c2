package org.kidsafe.commons.retry;

import java.time.Duration;

/**
 * When a remote deletion that failed is tried again (a toy's identity in profile-service, a parent's account in
 * consent-service): its lease doubled per failed attempt, at most five times, and never more than a cap, so a Keycloak
 * outage delays the deletions without a retry storm when it ends.
 */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first): {@code lease}, 2x, 4x ... 32x, at most {@code max}. */
    public static Duration after(int attempts, Duration lease, Duration max) {
        Duration backoff = lease.multipliedBy(1L << Math.min(Math.max(attempts, 1) - 1, 5));
        return backoff.compareTo(max) > 0 ? max : backoff;
    }
}
