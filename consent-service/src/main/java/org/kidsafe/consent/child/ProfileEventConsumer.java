package org.kidsafe.consent.child;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.consent.notification.ParentNotifications;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.events.schema.ToyUnpairedV2;

/**
 * Tells parents when profile-service erased their child's profile on its own, and when a toy was paired with or
 * unpaired from their child (issue 19 item 8); other profile events are not consent-service's business.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    ProfileEventConsumer(EventInbox inbox, ParentNotices notices, ParentNotifications notifications) {
        this.inbox = inbox;
        this.handlers = EventHandlers.of(ProfileExpired.class,
                        (envelope, expired) -> notices.profileExpired(envelope.aggregateId(), expired))
                .and(ToyPairedV2.class, (envelope, paired) -> notifications.toyPaired(envelope.id(), envelope.aggregateId(), paired.parentId()))
                .and(ToyUnpairedV2.class, (envelope, unpaired) -> notifications.toyUnpaired(envelope.id(), envelope.aggregateId()))
                // The previous release's versions (raw device id, never read here): told the same way, not parked as poison.
                .and(ToyPaired.class, (envelope, paired) -> notifications.toyPaired(envelope.id(), envelope.aggregateId(), paired.parentId()))
                .and(ToyUnpaired.class, (envelope, unpaired) -> notifications.toyUnpaired(envelope.id(), envelope.aggregateId()));
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
