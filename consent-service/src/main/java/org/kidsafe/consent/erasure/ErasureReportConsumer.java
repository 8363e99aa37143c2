package org.kidsafe.consent.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.kidsafe.commons.pool.PoolShare;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.inbox.KeyOrderedDispatch;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureCompletedV2;
import org.kidsafe.events.schema.ErasureCompletedV3;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Takes the participants' answers off their report topics, once each. Each participant reports on a topic only its
 * own Kafka principal may write (issue 16); as defence in depth, a report whose {@code service} is not the owner of
 * the topic it arrived on is refused as poison (parked on the dead-letter topic), before its signature is checked.
 * <p>
 * Each channel handles up to {@code kidsafe.erasure-reports.concurrency} reports at once per pod, one child's one after
 * the other in arrival order ({@link KeyOrderedDispatch}; issue 21 item 3: each channel took one report at a time, the
 * next queue of an erasure once profile-service's requests were taken in parallel). A report holds its saga's row until
 * it commits, so the two participants' reports of one saga, on their two channels, complete it one after the other;
 * sagas of other children do not wait. Each report in flight holds one database connection, hence the two channels
 * together at most half the pool ({@link PoolShare}).
 * <p>
 * The channel's method does not block and runs on the Kafka connector's event loop, not {@code @Blocking}: a worker
 * thread's hand-off per record was the longest wait of an erasure at 50 in flight ({@link KeyOrderedDispatch}).
 */
@ApplicationScoped
public class ErasureReportConsumer {

    static final String CONCURRENCY = "kidsafe.erasure-reports.concurrency";

    private final EventInbox inbox;
    private final ErasureService erasures;
    private final KeyOrderedDispatch profileReports;
    private final KeyOrderedDispatch mediaReports;

    ErasureReportConsumer(EventInbox inbox, ErasureService erasures, MeterRegistry metrics,
                          @ConfigProperty(name = CONCURRENCY, defaultValue = "2") int concurrency,
                          @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int poolSize) {
        this.inbox = inbox;
        this.erasures = erasures;
        int perChannel = PoolShare.atMostHalfThePool(CONCURRENCY, "KIDSAFE_ERASURE_REPORTS_CONCURRENCY", concurrency, 2, poolSize);
        this.profileReports = new KeyOrderedDispatch("profile-erasure-reports", perChannel, metrics);
        this.mediaReports = new KeyOrderedDispatch("media-erasure-reports", perChannel, metrics);
    }

    @Incoming("profile-erasure-reports")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onProfileReport(Message<String> report) {
        return profileReports.dispatch(report, rawEnvelope -> deliver(Topics.PROFILE_ERASURE_REPORTS, rawEnvelope));
    }

    @Incoming("media-erasure-reports")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onMediaReport(Message<String> report) {
        return mediaReports.dispatch(report, rawEnvelope -> deliver(Topics.MEDIA_ERASURE_REPORTS, rawEnvelope));
    }

    void stop(@Observes ShutdownEvent event) {
        profileReports.close();
        mediaReports.close();
    }

    /**
     * Applies one raw report that arrived on {@code topic} (each channel's topic, application.properties): version 3, or
     * version 2 or 1 of a participant of a previous release (its report states no hops, and a version 1 no stores).
     */
    private void deliver(String topic, String rawEnvelope) {
        String owner = TopicAccess.ownerOf(topic);
        inbox.deliver(rawEnvelope, EventHandlers
                .of(ErasureCompletedV3.class, (envelope, completed) ->
                        accept(topic, owner, envelope.aggregateId(), completed.erasureId(), completed.service(), completed.signedReport()))
                .and(ErasureCompletedV2.class, (envelope, completed) ->
                        accept(topic, owner, envelope.aggregateId(), completed.erasureId(), completed.service(), completed.signedReport()))
                .and(ErasureCompleted.class, (envelope, completed) ->
                        accept(topic, owner, envelope.aggregateId(), completed.erasureId(), completed.service(), completed.signedReport())));
    }

    private void accept(String topic, String owner, UUID childId, UUID erasureId, String service, String signedReport) {
        if (!owner.equals(service)) {
            throw new PoisonEventException("A report from " + service + " arrived on " + topic + ", which only " + owner + " writes");
        }
        erasures.acceptReport(childId, erasureId, service, signedReport);
    }
}
