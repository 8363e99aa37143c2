package org.kidsafe.embedded;

import java.time.Duration;

/** Waiting between polls of a process, a server or an API; an interrupt ends the wait and the caller's work. */
public final class Pause {

    private Pause() {
    }

    /** Sleeps for {@code duration}; a zero or negative duration returns at once. */
    public static void of(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
