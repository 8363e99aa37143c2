package org.kidsafe.media.erasure;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureRequested;

/**
 * Takes erasure requests from consent-service. The data key is destroyed in the same transaction
 * that records the event as consumed; the rest of the erasure follows in the background.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;
    private final ErasureWorker worker;

    ErasureRequestConsumer(EventInbox inbox, ErasureService erasures, ErasureWorker worker) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(ErasureRequested.class,
                (envelope, request) -> erasures.accept(envelope.aggregateId(), request));
        this.worker = worker;
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
        worker.wakeUp();
    }
}
