package org.kidsafe.consent.notification;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.RetentionApproaching;

/** Takes media-service's weekly counts of items about to reach their retention limit, once each, for the parents' digest. */
@ApplicationScoped
public class MediaEventConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    MediaEventConsumer(EventInbox inbox, ParentNotifications notifications) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(RetentionApproaching.class,
                (envelope, approaching) -> notifications.retentionApproaching(envelope.aggregateId(), approaching, envelope.occurredAt()));
    }

    @Incoming("media-events")
    @Blocking
    public void onMediaEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
