package org.kidsafe.events.leases;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import org.kidsafe.commons.retry.Backoff;

import java.time.Duration;
import java.time.Instant;

/**
 * The two columns of a durable remote deletion that replicas share (issue 21: no remote call inside a database
 * transaction; one home per concept): a parent's Keycloak account in consent-service, a toy identity in
 * profile-service. A row is claimed by pushing {@code due_at} past a lease ({@link #claim}), so a crash mid-call
 * only delays it; see {@link Leases}.
 */
@MappedSuperclass
public abstract class LeasedRow {

    /** Not before: pushed past a lease while an attempt runs, and further out after each failure. */
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    /** Attempts claimed so far, the one running included. */
    @Column(nullable = false)
    public int attempts;

    /** Counts the attempt and leaves the row to it until its lease, doubled per earlier failure ({@link Backoff}), ends. */
    void claim(Instant now, Duration lease, Duration maxBackoff) {
        attempts++;
        dueAt = now.plus(Backoff.after(attempts, lease, maxBackoff));
    }
}
