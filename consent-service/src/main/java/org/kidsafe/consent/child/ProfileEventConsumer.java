package org.kidsafe.consent.child;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ProfileExpired;

/** Tells parents when profile-service erased their child's profile on its own; other profile events are not consent-service's business. */
@ApplicationScoped
public class ProfileEventConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    ProfileEventConsumer(EventInbox inbox, ParentNotices notices) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(ProfileExpired.class,
                (envelope, expired) -> notices.profileExpired(envelope.aggregateId(), expired));
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
