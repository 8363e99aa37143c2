package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** media-service keeps its own copy of consent state from the real broker. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class ConsentProjectionTest {

    @Inject
    ConsentGate gate;

    private final TopicProbe topics = new TopicProbe(RealInfrastructure.shared().kafka());

    @Test
    void grantsAndRevocationsReachTheProjection() {
        UUID child = UUID.randomUUID();
        UUID parent = UUID.randomUUID();

        send(child, new ConsentGranted(parent, DataCategory.PHOTOS, 1, 1), Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> allows(child, DataCategory.PHOTOS));

        send(child, new ConsentRevoked(parent, DataCategory.PHOTOS), Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> !allows(child, DataCategory.PHOTOS));
    }

    private void send(UUID child, Record payload, Instant at) {
        topics.send(Topics.CONSENT, child.toString(), EventCodec.encode(EventCodec.envelope(child, payload, at)));
    }

    private boolean allows(UUID child, DataCategory category) {
        return QuarkusTransaction.requiringNew().call(() -> gate.allows(child, category));
    }
}
