package org.kidsafe.media.toy;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyUnpaired;

/** Keeps the paired-toy projection in step with profile-service, once per event; other profile events are ignored. */
@ApplicationScoped
public class PairingProjector {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    PairingProjector(EventInbox inbox, PairedToys toys) {
        this.inbox = inbox;
        this.handlers = EventHandlers
                .of(ToyPaired.class, (envelope, paired) ->
                        toys.record(paired.deviceId(), envelope.aggregateId(), true, envelope.occurredAt()))
                .and(ToyUnpaired.class, (envelope, unpaired) ->
                        toys.record(unpaired.deviceId(), envelope.aggregateId(), false, envelope.occurredAt()));
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
