package org.kidsafe.erasure.participant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.consentprojection.ConsentProjectionErasure;
import org.jboss.logging.Logger;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ErasureRequestedV2;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.crypto.signing.ServiceSigningKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This service's part of the erasure saga, written once for every participant: takes each
 * ErasureRequested (version 2, or 1 of the previous release) at most once (the inbox), runs the service's own
 * {@link ChildDataErasure} (and, when the whole child is deleted, removes it from the service's consent projection;
 * when categories are erased, closes them there), then re-checks
 * its stores by query after that commit and answers with an {@link ErasureReport} signed with the
 * service's ES256 key, published through the outbox in the re-check's transaction.
 *
 * <p>The report states two moments for each store the service names (issue 18 item 1): T1, when the live copy became
 * unreadable (the child's key destroyed; without one, the erasure's completion), and T2, when backups and WAL holding
 * the key became unreadable: the retirement of the key-encryption key that wrapped it there, at the latest T1 plus
 * the KEK rotation period ({@code kidsafe.kek.rotation-period}, docs/retention-policy.md).
 *
 * <p>The re-check runs after the erasure committed (issue 18 item 5), so it sees what the database
 * really kept, including anything written alongside the erasure, and never the erasure's own
 * uncommitted view. A service that erases inside the request's transaction is answered right after
 * that commit, whatever the re-check finds ({@code verifiedEmpty: false} makes consent-service ask
 * again). The report it owes is recorded in the erasure's own transaction ({@link DueReports}), so a replica that
 * dies between the two commits loses nothing (principle 5): the request's redelivery (already in the inbox, so it has no
 * second effect), the child's next request or consent-service's overdue re-ask publishes it, with the first pass's
 * counts. A service that finishes in the
 * background reports later with {@link #reportIfEmpty}, which publishes only once the re-check finds
 * nothing, so its worker retries until then.
 *
 * <p>The report also states the participant's hops of the saga (issue 22 item 2, {@link ErasureCompletedV3}): when its
 * consumer took the request (taken before the inbox's transaction, so a retried attempt keeps the first moment), when
 * its key was destroyed ({@code unreadableAt}), when its records and files were gone ({@code bytesGoneAt}: for an
 * erasure in the request's transaction, the moment that transaction committed) and when the report was signed and
 * handed to the outbox ({@code completedAt}).
 */
@ApplicationScoped
public class ErasureParticipant {

    private static final Logger LOG = Logger.getLogger(ErasureParticipant.class);

    private final EventInbox inbox;
    private final EventOutbox outbox;
    private final ServiceSigningKey signingKey;
    private final ChildDataErasure erasure;
    private final DueReports dueReports;
    private final ConsentProjectionErasure projection;
    private final Clock clock;
    private final Duration kekRotationPeriod;
    private final String service;

    ErasureParticipant(EventInbox inbox, EventOutbox outbox, ServiceSigningKey signingKey, ChildDataErasure erasure,
                       DueReports dueReports, ConsentProjectionErasure projection, Clock clock, KekSettings kek,
                       @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.signingKey = signingKey;
        this.erasure = erasure;
        this.dueReports = dueReports;
        this.projection = projection;
        this.clock = clock;
        this.kekRotationPeriod = kek.rotationPeriod();
        this.service = service;
    }

    /**
     * Obeys one raw event from the erasure-request topic, once. Any other event type found there is skipped
     * without decoding its payload.
     *
     * @return true if the event was taken now, false if it had been taken before
     */
    public boolean deliver(String rawEnvelope) {
        Instant receivedAt = clock.instant();
        // Set by the last attempt of the inbox's transaction (an attempt that rolled back is overwritten by the next).
        AtomicBoolean owesReport = new AtomicBoolean();
        EventEnvelope decoded = EventCodec.decode(rawEnvelope);
        boolean taken = inbox.deliver(decoded, EventHandlers
                .of(ErasureRequestedV2.class, (envelope, request) ->
                        owesReport.set(erase(envelope.aggregateId(), request.request(), request.requestedAt(), receivedAt)))
                // A request of the previous release, still on the topic: its envelope's time is the saga's start.
                .and(ErasureRequested.class, (envelope, request) ->
                        owesReport.set(erase(envelope.aggregateId(), request, envelope.occurredAt(), receivedAt))));
        // A request taken before may still owe its report: the replica that took it may have died before publishing it.
        if (owesReport.get() || !taken) {
            publishDueReports(decoded.aggregateId(), !owesReport.get());
        }
        erasure.requestCommitted();
        return taken;
    }

    /**
     * In the inbox's transaction: first the consent projection (a deleted child is forgotten; the erased categories of a
     * revocation are closed as of {@code requestedAt}, in case its {@code ConsentRevoked} is still on its way), under the
     * child's lock, so no write of the child slips past the erasure; then the service's own erasure, and the report it
     * now owes when it erased here.
     *
     * @return whether this erasure owes its report now (the service erased here; one that finishes in the background
     *         reports from its worker)
     */
    private boolean erase(UUID childId, ErasureRequested request, Instant requestedAt, Instant receivedAt) {
        if (childDeleted(request.categories())) {
            projection.forget(childId);
        } else {
            projection.close(childId, request.categories(), requestedAt);
        }
        Optional<Erased> erased = erasure.erase(childId, request, receivedAt);
        erased.ifPresent(answer -> dueReports.record(childId, request.erasureId(), request.categories(), answer, receivedAt));
        return erased.isPresent();
    }

    /**
     * After the erasure's commit, in a transaction of its own: re-checks and publishes every report owed for the child.
     * A failure here leaves them owed (logged, not thrown: the request itself was applied and must not go to the
     * dead-letter topic), for the child's next request or consent-service's overdue re-ask.
     *
     * @param owedBefore this delivery erased nothing here (a request taken before): what it finds was owed since an
     *                   earlier delivery, whose replica died or failed to publish, and is logged so an operator sees it
     */
    private void publishDueReports(UUID childId, boolean owedBefore) {
        // The child's records were gone by now: for a report owed since a crash, the latest moment this replica knows.
        Instant bytesGoneAt = clock.instant();
        try {
            QuarkusTransaction.requiringNew().run(() -> dueReports.takeOf(childId).forEach(due -> {
                publish(childId, due.erasureId(), due.categories(), due.erased(), holdsNothing(childId, due.categories()),
                        new Hops(due.receivedAt(), bytesGoneAt));
                if (owedBefore) {
                    LOG.infof("Erasure %s: the report owed since an earlier delivery (%s) is published", due.erasureId(), due.receivedAt());
                }
            }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "The erasure reports owed for child %s stay owed until its next request", childId);
        }
    }

    /**
     * For a service that finished in the background (its records deleted and committed, its blobs
     * gone): re-checks its stores and, only if nothing remains, signs and publishes the report in
     * the caller's transaction, the one that marks the service's own job done.
     *
     * @param categories every category of the request, as it named them (consent-service checks the report covers them)
     * @param hops       when the service's consumer took the request ({@link ChildDataErasure#erase}'s {@code receivedAt})
     *                   and when its records and files were gone
     * @return the published report, or empty when something remains and the service must retry
     */
    @Transactional(TxType.MANDATORY)
    public Optional<ErasureReport> reportIfEmpty(UUID childId, UUID erasureId, Set<DataCategory> categories, Erased erased, Hops hops) {
        if (!holdsNothing(childId, categories)) {
            return Optional.empty();
        }
        return Optional.of(publish(childId, erasureId, categories, erased, true, hops));
    }

    /** The one re-check by query: the service's own stores, and the consent projection of a deleted child. */
    private boolean holdsNothing(UUID childId, Set<DataCategory> categories) {
        return erasure.holdsNothing(childId, categories) && (!childDeleted(categories) || projection.holdsNothing(childId));
    }

    /** Signs and publishes the report; it is complete, as far as this service goes, now. */
    private ErasureReport publish(UUID childId, UUID erasureId, Set<DataCategory> categories, Erased erased, boolean verifiedEmpty,
                                  Hops hops) {
        ErasureReport report = report(erasureId, childId, service, categories, erased, verifiedEmpty, hops, clock.instant(), kekRotationPeriod);
        outbox.publish(childId, new ErasureCompletedV3(erasureId, service, signingKey.sign(report)));
        return report;
    }

    /** Every category requested: the child itself is deleted, not one kind of its data. */
    private static boolean childDeleted(Set<DataCategory> categories) {
        return categories.containsAll(EnumSet.allOf(DataCategory.class));
    }

    /** The claims consent-service verifies: their names, order and values are the report's wire format. */
    static ErasureReport report(UUID erasureId, UUID childId, String service, Set<DataCategory> categories, Erased erased,
                                boolean verifiedEmpty, Hops hops, Instant completedAt, Duration kekRotationPeriod) {
        return new ErasureReport(erasureId, childId, service, categories, erased.counts(), erased.method(), verifiedEmpty,
                erased.unreadableAt(), completedAt, stores(erased, completedAt, kekRotationPeriod), hops.receivedAt(), hops.bytesGoneAt());
    }

    /**
     * T1 and T2 of each store: T1 when the data became unreadable (the key destroyed, or else the erasure's completion);
     * T2 one KEK rotation period after T1 when the child's key was destroyed, and none when it was not (the child keeps
     * its key, so backups holding the erased data stay readable until their own retention ends).
     */
    private static List<ErasureReport.Store> stores(Erased erased, Instant completedAt, Duration kekRotationPeriod) {
        Instant unreadableAt = erased.unreadableAt() != null ? erased.unreadableAt() : completedAt;
        Instant backupsUnreadableAt = erased.keyDestroyed() ? unreadableAt.plus(kekRotationPeriod) : null;
        return erased.stores().stream().map(store -> new ErasureReport.Store(store, unreadableAt, backupsUnreadableAt)).toList();
    }

    /**
     * A participant's own moments of the saga, by its clock, which its report states (issue 22 item 2).
     *
     * @param receivedAt  when its consumer took the request off the topic
     * @param bytesGoneAt when its records and files of the child were deleted (committed, blobs removed)
     */
    public record Hops(Instant receivedAt, Instant bytesGoneAt) {
    }

}
