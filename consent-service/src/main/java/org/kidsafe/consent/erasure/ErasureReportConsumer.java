package org.kidsafe.consent.erasure;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureCompleted;

/** Takes the participants' answers off the erasure topic, once each; its own requests on the same topic are skipped. */
@ApplicationScoped
public class ErasureReportConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    ErasureReportConsumer(EventInbox inbox, ErasureService erasures) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(ErasureCompleted.class,
                (envelope, completed) -> erasures.acceptReport(envelope.aggregateId(), completed));
    }

    @Incoming("erasure-events")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
