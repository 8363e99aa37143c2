package org.kidsafe.erasure.participant;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.kidsafe.commons.pool.PoolShare;
import org.kidsafe.events.inbox.KeyOrderedDispatch;

import java.util.concurrent.CompletionStage;

/**
 * Takes consent-service's erasure requests from the service's {@code erasure-requests} channel
 * (topic {@code kidsafe.erasure.requests}, which only consent-service may write; configured by the service, with its
 * consumer group and dead-letter topic) to the participant.
 * <p>
 * Up to {@code kidsafe.erasure-requests.concurrency} requests at once per pod, one child's one after the other in
 * their order on the topic ({@link KeyOrderedDispatch}; issue 21 item 3: taken one at a time, profile-service's
 * requests waited here for half of an erasure's time at 20 in flight). A request in flight holds at most one database
 * connection at a time (its transactions follow one another), hence at most half the pool ({@link PoolShare}).
 * <p>
 * The channel's method does not block and runs on the Kafka connector's event loop, not {@code @Blocking}: a worker
 * thread's hand-off per record was the longest wait of an erasure at 50 in flight ({@link KeyOrderedDispatch}).
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    static final String CONCURRENCY = "kidsafe.erasure-requests.concurrency";

    private final ErasureParticipant participant;
    private final KeyOrderedDispatch dispatch;

    ErasureRequestConsumer(ErasureParticipant participant, MeterRegistry metrics,
                           @ConfigProperty(name = CONCURRENCY, defaultValue = "4") int concurrency,
                           @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int poolSize) {
        this.participant = participant;
        this.dispatch = new KeyOrderedDispatch("erasure-requests", checkedConcurrency(concurrency, poolSize), metrics);
    }

    /** At most half the pool: the rest of the service (its other consumers, requests, the relay, the jobs) keeps the other half. */
    static int checkedConcurrency(int concurrency, int poolSize) {
        return PoolShare.atMostHalfThePool(CONCURRENCY, "KIDSAFE_ERASURE_REQUESTS_CONCURRENCY", concurrency, poolSize);
    }

    @Incoming("erasure-requests")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onErasureEvent(Message<String> request) {
        return dispatch.dispatch(request, participant::deliver);
    }

    void stop(@Observes ShutdownEvent event) {
        dispatch.close();
    }
}
