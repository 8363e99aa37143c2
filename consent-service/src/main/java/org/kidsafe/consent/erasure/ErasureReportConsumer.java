package org.kidsafe.consent.erasure;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.events.Topics;
import org.kidsafe.events.inbox.EventHandlers;
import org.kidsafe.events.inbox.EventInbox;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureCompletedV2;
import org.kidsafe.events.schema.ErasureCompletedV3;

import java.util.UUID;

/**
 * Takes the participants' answers off their report topics, once each. Each participant reports on a topic only its
 * own Kafka principal may write (issue 16); as defence in depth, a report whose {@code service} is not the owner of
 * the topic it arrived on is refused as poison (parked on the dead-letter topic), before its signature is checked.
 */
@ApplicationScoped
public class ErasureReportConsumer {

    private final EventInbox inbox;
    private final ErasureService erasures;

    ErasureReportConsumer(EventInbox inbox, ErasureService erasures) {
        this.inbox = inbox;
        this.erasures = erasures;
    }

    @Incoming("profile-erasure-reports")
    @Blocking
    public void onProfileReport(String rawEnvelope) {
        deliver(Topics.PROFILE_ERASURE_REPORTS, rawEnvelope);
    }

    @Incoming("media-erasure-reports")
    @Blocking
    public void onMediaReport(String rawEnvelope) {
        deliver(Topics.MEDIA_ERASURE_REPORTS, rawEnvelope);
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
