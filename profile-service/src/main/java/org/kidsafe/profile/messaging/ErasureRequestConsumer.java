package org.kidsafe.profile.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.EventCatalog;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.profile.service.ErasureService;

/**
 * Obeys consent-service's erasure requests, once per event. Other events of the saga (every
 * service's ErasureCompleted, ours included) are skipped without decoding their payload.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    private static final String ERASURE_REQUESTED = EventCatalog.schemaOf(ErasureRequested.class).type();

    private final EventInbox inbox;
    private final ErasureService erasure;
    private final String consumer;

    ErasureRequestConsumer(EventInbox inbox, ErasureService erasure, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.inbox = inbox;
        this.erasure = erasure;
        this.consumer = consumer;
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(consumer, rawEnvelope, this::apply);
    }

    private void apply(EventEnvelope envelope) {
        if (ERASURE_REQUESTED.equals(envelope.type()) && EventCodec.payload(envelope) instanceof ErasureRequested request) {
            erasure.answer(envelope.aggregateId(), request);
        }
    }
}
