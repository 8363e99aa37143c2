package org.kidsafe.profile.erasure;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureRequested;

/**
 * Obeys consent-service's erasure requests, once per event. Other events of the saga (every
 * service's ErasureCompleted, ours included) are skipped without decoding their payload.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    ErasureRequestConsumer(EventInbox inbox, ErasureService erasure) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(ErasureRequested.class,
                (envelope, request) -> erasure.answer(envelope.aggregateId(), request));
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
