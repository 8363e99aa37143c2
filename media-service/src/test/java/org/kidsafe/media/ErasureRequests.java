package org.kidsafe.media;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.testsupport.TopicProbe;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The erasure saga as consent-service drives it: ErasureRequested on the real topic, then media-service's signed report. */
final class ErasureRequests {

    private final TopicProbe topics;
    private final PublicKey reportKey;

    ErasureRequests(TopicProbe topics, PublicKey reportKey) {
        this.topics = topics;
        this.reportKey = reportKey;
    }

    void request(UUID child, UUID erasureId, Set<DataCategory> categories) {
        topics.send(Topics.ERASURE_REQUESTS, child.toString(),
                EventCodec.encode(EventCodec.envelope(child, new ErasureRequested(erasureId, categories), Instant.now())));
    }

    /** Waits for this saga's ErasureCompletedV3 and returns the verified claims of its signed report. */
    JsonNode awaitReport(UUID child, UUID erasureId) {
        ConsumerRecord<String, String> record = topics.awaitRecord(Topics.MEDIA_ERASURE_REPORTS, r -> child.toString().equals(r.key()) && isReport(r, erasureId),
                Duration.ofSeconds(45));
        assertNotNull(record, "no ErasureCompletedV3 from media-service");
        ErasureCompletedV3 completed = (ErasureCompletedV3) EventCodec.payload(EventCodec.decode(record.value()));
        assertEquals("media-service", completed.service());
        return Es256Jws.verify(completed.signedReport(), reportKey);
    }

    static boolean isReport(ConsumerRecord<String, String> record, UUID erasureId) {
        EventEnvelope envelope = EventCodec.decode(record.value());
        return envelope.type().equals("ErasureCompleted") && erasureId.toString().equals(envelope.payload().get("erasureId").asText());
    }
}
