package org.kidsafe.consent.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.consent.service.ErasureService;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureCompleted;

/** Takes the participants' answers off the erasure topic, once each; its own requests on the same topic are skipped. */
@ApplicationScoped
public class ErasureEventConsumer {

    private final EventInbox inbox;
    private final ErasureService erasures;
    private final String consumer;

    ErasureEventConsumer(EventInbox inbox, ErasureService erasures, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.inbox = inbox;
        this.erasures = erasures;
        this.consumer = consumer;
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(consumer, rawEnvelope, this::apply);
    }

    private void apply(EventEnvelope envelope) {
        if (EventCodec.payload(envelope) instanceof ErasureCompleted completed) {
            erasures.acceptReport(envelope.aggregateId(), completed);
        }
    }
}
