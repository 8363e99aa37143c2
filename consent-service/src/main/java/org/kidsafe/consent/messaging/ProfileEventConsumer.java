package org.kidsafe.consent.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.consent.service.ParentNotices;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ProfileExpired;

/** Tells parents when profile-service erased their child's profile on its own; other profile events are not consent-service's business. */
@ApplicationScoped
public class ProfileEventConsumer {

    private final EventInbox inbox;
    private final ParentNotices notices;
    private final String consumer;

    ProfileEventConsumer(EventInbox inbox, ParentNotices notices, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.inbox = inbox;
        this.notices = notices;
        this.consumer = consumer;
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(consumer, rawEnvelope, this::apply);
    }

    private void apply(EventEnvelope envelope) {
        if (EventCodec.payload(envelope) instanceof ProfileExpired expired) {
            notices.profileExpired(envelope.aggregateId(), expired);
        }
    }
}
