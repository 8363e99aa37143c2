package org.kidsafe.erasure.participant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.crypto.signing.ServiceSigningKey;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * This service's part of the erasure saga, written once for every participant: takes each
 * ErasureRequested at most once (the inbox), runs the service's own {@link ChildDataErasure},
 * re-checks its stores, and answers with an {@link ErasureReport} signed with the service's ES256
 * key, published through the outbox in the same transaction as the state it reports.
 *
 * <p>A service that erases inside the request's transaction is answered at once, whatever the
 * re-check finds ({@code verifiedEmpty: false} makes consent-service ask again). A service that
 * finishes in the background reports later with {@link #reportIfEmpty}, which publishes only once
 * the re-check finds nothing, so its worker retries until then.
 */
@ApplicationScoped
public class ErasureParticipant {

    private final EventInbox inbox;
    private final EventOutbox outbox;
    private final ServiceSigningKey signingKey;
    private final ChildDataErasure erasure;
    private final Clock clock;
    private final String service;
    private final EventHandlers handlers;

    ErasureParticipant(EventInbox inbox, EventOutbox outbox, ServiceSigningKey signingKey, ChildDataErasure erasure, Clock clock,
                       @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.signingKey = signingKey;
        this.erasure = erasure;
        this.clock = clock;
        this.service = service;
        this.handlers = EventHandlers.of(ErasureRequested.class, (envelope, request) -> answer(envelope.aggregateId(), request));
    }

    /**
     * Obeys one raw event from the erasure-request topic, once. Any other event type found there is skipped
     * without decoding its payload.
     *
     * @return true if the event was taken now, false if it had been taken before
     */
    public boolean deliver(String rawEnvelope) {
        boolean taken = inbox.deliver(rawEnvelope, handlers);
        erasure.requestCommitted();
        return taken;
    }

    /** In the inbox's transaction: erase, and answer now unless the service finishes in the background. */
    private void answer(UUID childId, ErasureRequested request) {
        erasure.erase(childId, request).ifPresent(erased -> publish(childId, request.erasureId(), request.categories(), erased,
                erasure.holdsNothing(childId, request.categories()), clock.instant()));
    }

    /**
     * For a service that finished in the background (its records deleted and committed, its blobs
     * gone): re-checks its stores and, only if nothing remains, signs and publishes the report in
     * the caller's transaction, the one that marks the service's own job done.
     *
     * @param categories every category of the request, as it named them (consent-service checks the report covers them)
     * @return the published report, or empty when something remains and the service must retry
     */
    @Transactional(TxType.MANDATORY)
    public Optional<ErasureReport> reportIfEmpty(UUID childId, UUID erasureId, Set<DataCategory> categories, Erased erased) {
        if (!erasure.holdsNothing(childId, categories)) {
            return Optional.empty();
        }
        return Optional.of(publish(childId, erasureId, categories, erased, true, clock.instant()));
    }

    private ErasureReport publish(UUID childId, UUID erasureId, Set<DataCategory> categories, Erased erased, boolean verifiedEmpty,
                                  Instant completedAt) {
        ErasureReport report = report(erasureId, childId, service, categories, erased, verifiedEmpty, completedAt);
        outbox.publish(childId, new ErasureCompleted(erasureId, service, signingKey.sign(report)));
        return report;
    }

    /** The claims consent-service verifies: their names, order and values are the report's wire format. */
    static ErasureReport report(UUID erasureId, UUID childId, String service, Set<DataCategory> categories, Erased erased,
                                boolean verifiedEmpty, Instant completedAt) {
        return new ErasureReport(erasureId, childId, service, categories, erased.counts(), erased.method(), verifiedEmpty,
                erased.unreadableAt(), completedAt);
    }
}
