package org.kidsafe.media.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.media.service.ErasureService;
import org.kidsafe.media.service.ErasureWorker;

/**
 * Takes erasure requests from consent-service. The data key is destroyed in the same transaction
 * that records the event as consumed; the rest of the erasure follows in the background.
 */
@ApplicationScoped
public class ErasureConsumer {

    private static final String ERASURE_REQUESTED = "ErasureRequested";

    private final EventInbox inbox;
    private final ErasureService erasures;
    private final ErasureWorker worker;
    private final String consumer;

    ErasureConsumer(EventInbox inbox, ErasureService erasures, ErasureWorker worker,
                    @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.inbox = inbox;
        this.erasures = erasures;
        this.worker = worker;
        this.consumer = consumer;
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(consumer, rawEnvelope, this::apply);
        worker.wakeUp();
    }

    void apply(EventEnvelope envelope) {
        if (!ERASURE_REQUESTED.equals(envelope.type())) {
            return;
        }
        if (EventCodec.payload(envelope) instanceof ErasureRequested request) {
            erasures.accept(envelope.aggregateId(), request);
        }
    }
}
