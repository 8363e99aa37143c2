package org.kidsafe.consentprojection;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ChildGuardiansChanged;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;

import java.time.Instant;
import java.util.UUID;

/**
 * Keeps the projection in step with consent-service's events, once per event, newest change wins; a child erased
 * here ({@link ConsentProjectionErasure}) stays forgotten. The guardian set ({@link ProjectedGuardians}) follows
 * {@code ChildGuardiansChanged} (issue 19 item 4).
 */
@ApplicationScoped
public class ConsentProjector {

    private final EventInbox inbox;
    private final ConsentProjectionErasure erasure;
    private final ProjectedGuardians guardians;
    private final EventHandlers handlers;

    ConsentProjector(EventInbox inbox, ConsentProjectionErasure erasure, ProjectedGuardians guardians) {
        this.inbox = inbox;
        this.erasure = erasure;
        this.guardians = guardians;
        this.handlers = EventHandlers
                .of(ConsentGranted.class, (envelope, granted) ->
                        record(envelope, granted.parentId(), granted.category(), true, granted.noticeVersion()))
                .and(ConsentRevoked.class, (envelope, revoked) ->
                        record(envelope, revoked.parentId(), revoked.category(), false, 0))
                .and(ChildGuardiansChanged.class, (envelope, changed) -> {
                    if (!erasure.isErased(envelope.aggregateId())) {
                        guardians.replace(envelope.aggregateId(), changed.guardians(), envelope.occurredAt());
                    }
                });
    }

    @Incoming("consent-events")
    @Blocking
    public void onConsentEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }

    private void record(EventEnvelope envelope, UUID parentId, DataCategory category, boolean granted, int noticeVersion) {
        if (erasure.isErased(envelope.aggregateId())) {
            // A deleted child's event still in flight (it travels on another topic than the erasure): no row comes back.
            return;
        }
        ConsentKey key = new ConsentKey(envelope.aggregateId(), category);
        ConsentProjection consent = ConsentProjection.<ConsentProjection>findByIdOptional(key).orElse(null);
        Instant changedAt = envelope.occurredAt();
        if (consent == null) {
            consent = new ConsentProjection();
            consent.key = key;
        } else if (consent.changedAt.isAfter(changedAt)) {
            return;
        }
        consent.parentId = parentId;
        consent.granted = granted;
        consent.noticeVersion = granted ? noticeVersion : consent.noticeVersion;
        consent.changedAt = changedAt;
        consent.persist();
        if (granted) {
            guardians.seedIfUnknown(envelope.aggregateId(), parentId, changedAt);
        }
    }
}
