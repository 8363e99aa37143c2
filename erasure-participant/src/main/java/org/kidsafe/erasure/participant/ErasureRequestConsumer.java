package org.kidsafe.erasure.participant;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes consent-service's erasure requests from the service's {@code erasure-requests} channel
 * (topic {@code kidsafe.erasure.requests}, which only consent-service may write; configured by the service, with its
 * consumer group and dead-letter topic) to the participant.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    private final ErasureParticipant participant;

    ErasureRequestConsumer(ErasureParticipant participant) {
        this.participant = participant;
    }

    @Incoming("erasure-requests")
    @Blocking
    public void onErasureEvent(String rawEnvelope) {
        participant.deliver(rawEnvelope);
    }
}
