package org.kidsafe.media.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.media.service.PairedToys;

import java.util.Set;

/** Keeps the paired-toy projection in step with profile-service, once per event; other profile events are ignored. */
@ApplicationScoped
public class PairingProjector {

    private static final Set<String> PAIRING_EVENTS = Set.of("ToyPaired", "ToyUnpaired");

    private final EventInbox inbox;
    private final PairedToys toys;
    private final String consumer;

    PairingProjector(EventInbox inbox, PairedToys toys, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.inbox = inbox;
        this.toys = toys;
        this.consumer = consumer;
    }

    @Incoming("profile-events")
    @Blocking
    public void onProfileEvent(String rawEnvelope) {
        inbox.deliver(consumer, rawEnvelope, this::apply);
    }

    void apply(EventEnvelope envelope) {
        if (!PAIRING_EVENTS.contains(envelope.type())) {
            return;
        }
        Record payload = EventCodec.payload(envelope);
        if (payload instanceof ToyPaired paired) {
            toys.record(paired.deviceId(), envelope.aggregateId(), true, envelope.occurredAt());
        } else if (payload instanceof ToyUnpaired unpaired) {
            toys.record(unpaired.deviceId(), envelope.aggregateId(), false, envelope.occurredAt());
        }
    }
}
