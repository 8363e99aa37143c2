package org.kidsafe.events.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes the inbox's memory of events older than the topic retention ({@link InboxSettings#keepFor}; issue 18
 * item 5): such an event is gone from its topic and cannot be delivered again, so its row guards nothing. Runs
 * from {@code InboxPruneJob} in bounded batches, one transaction each, until the backlog is gone (issue 21);
 * replicas share the work, each batch locking its rows and skipping those another replica holds.
 */
@ApplicationScoped
public class InboxPruning {

    private final EntityManager entityManager;
    private final InboxSettings settings;
    private final Clock clock;

    InboxPruning(EntityManager entityManager, InboxSettings settings, Clock clock) {
        this.entityManager = entityManager;
        this.settings = settings;
        this.clock = clock;
    }

    /** @return how many rows went */
    public long prune() {
        Instant cutoff = clock.instant().minus(settings.keepFor());
        long pruned = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> pruneBatch(cutoff));
            pruned += batch;
        } while (batch == settings.pruneBatch());
        return pruned;
    }

    private int pruneBatch(Instant cutoff) {
        return entityManager.createNativeQuery("""
                        DELETE FROM consumed_message m USING (
                            SELECT event_id, consumer FROM consumed_message WHERE consumed_at < :cutoff
                            ORDER BY consumed_at LIMIT :batch FOR UPDATE SKIP LOCKED) old
                        WHERE m.event_id = old.event_id AND m.consumer = old.consumer""")
                .setParameter("cutoff", cutoff)
                .setParameter("batch", settings.pruneBatch())
                .executeUpdate();
    }
}
