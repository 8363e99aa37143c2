package org.kidsafe.events.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.PoisonEventException;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The idempotent consumer. Each event's effect and the record that this consumer applied it are
 * committed together, so a redelivered event has no second effect. A poison event is thrown back
 * at once so the channel parks it on its dead-letter topic; a transient failure (the database
 * restarting) is retried with back-off before the event is given up to the dead-letter topic.
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final EntityManager entityManager;
    private final Clock clock;
    private final InboxSettings settings;
    private final String application;

    EventInbox(EntityManager entityManager, Clock clock, InboxSettings settings,
               @ConfigProperty(name = "quarkus.application.name") String application) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.settings = settings;
        this.application = application;
    }

    /**
     * Applies one raw event at most once for this application (named in {@code consumed_message} by
     * {@code quarkus.application.name}), through the handler for its payload type. An event of a type without a
     * handler (another consumer's business on a shared topic) is skipped before any transaction: no commit and no
     * {@code consumed_message} row for an event that has no effect here (issue 22 item 3). Skipping it again on a
     * redelivery is just as harmless, so nothing needs recording.
     *
     * @return true if the event was taken now, false if it had been taken before or is not this consumer's business
     */
    public boolean deliver(String rawEnvelope, EventHandlers handlers) {
        return deliver(EventCodec.decode(rawEnvelope), handlers);
    }

    /** As {@link #deliver(String, EventHandlers)}, for a caller that decoded the envelope already and reads it too. */
    public boolean deliver(EventEnvelope envelope, EventHandlers handlers) {
        Optional<Consumer<EventEnvelope>> effect = handlers.effectFor(envelope);
        if (effect.isEmpty()) {
            LOG.debugf("Event %s (%s) has no handler in %s, skipped", envelope.id(), envelope.type(), application);
            return false;
        }
        return deliver(application, envelope, effect.get());
    }

    /**
     * Applies one raw event at most once for {@code consumer}.
     *
     * @return true if the effect ran now, false if the event had been applied before
     */
    public boolean deliver(String consumer, String rawEnvelope, Consumer<EventEnvelope> effect) {
        return deliver(consumer, EventCodec.decode(rawEnvelope), effect);
    }

    private boolean deliver(String consumer, EventEnvelope envelope, Consumer<EventEnvelope> effect) {
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> applyOnce(consumer, envelope, effect));
            } catch (PoisonEventException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw e;
                }
                LOG.warnf("Event %s (%s) failed for %s, attempt %d, retrying: %s",
                        envelope.id(), envelope.type(), consumer, attempt, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    private boolean applyOnce(String consumer, EventEnvelope envelope, Consumer<EventEnvelope> effect) {
        int claimed = entityManager.createNativeQuery("""
                        INSERT INTO consumed_message (event_id, consumer, event_type, consumed_at)
                        VALUES (:eventId, :consumer, :eventType, :consumedAt)
                        ON CONFLICT DO NOTHING""")
                .setParameter("eventId", envelope.id())
                .setParameter("consumer", consumer)
                .setParameter("eventType", envelope.type())
                .setParameter("consumedAt", clock.instant())
                .executeUpdate();
        if (claimed == 0) {
            LOG.debugf("Event %s already applied by %s", envelope.id(), consumer);
            return false;
        }
        effect.accept(envelope);
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an event", e);
        }
    }
}
