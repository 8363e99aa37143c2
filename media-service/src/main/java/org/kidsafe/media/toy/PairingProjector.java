package org.kidsafe.media.toy;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.events.schema.ToyUnpairedV2;

/**
 * Keeps the paired-toy projection in step with profile-service, once per event; other profile events are ignored.
 * Version 2 carries the device's pseudonym, which is what toys' tokens carry. Version 1 events (the previous
 * release's, with raw device ids) are read and dropped: raw ids are never stored (issue 16), and the upgraded
 * profile-service announces every active pairing again as version 2 (deploy/README.md, upgrade sequence).
 */
@ApplicationScoped
public class PairingProjector {

    private final EventInbox inbox;
    private final EventHandlers handlers;

    PairingProjector(EventInbox inbox, PairedToys toys) {
        this.inbox = inbox;
        this.handlers = EventHandlers
                .of(ToyPairedV2.class, (envelope, paired) ->
                        toys.record(paired.devicePseudonym(), envelope.aggregateId(), true, envelope.occurredAt()))
                .and(ToyUnpairedV2.class, (envelope, unpaired) ->
                        toys.record(unpaired.devicePseudonym(), envelope.aggregateId(), false, envelope.occurredAt()))
                .and(ToyPaired.class, (envelope, legacy) -> { })
                .and(ToyUnpaired.class, (envelope, legacy) -> { });
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(rawEnvelope, handlers);
    }
}
