package org.kidsafe.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consentprojection.ConsentProjectionErasure;
import org.kidsafe.consentprojection.ConsentProjector;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18 item 5, a race the end-to-end privacy center journey met under load: a consent grant for a child, taken
 * while that child's erasure transaction is still open, checked for the erasure's tombstone before it was committed
 * and inserted a projection row the erasure never saw; the participant's re-check then found it and could not claim
 * "verified empty" until consent-service asked again. The grant must wait for the erasure and then be ignored.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class ProjectionErasureRaceTest {

    @Inject
    ConsentProjectionErasure projection;
    @Inject
    ConsentProjector projector;

    @Test
    void aGrantTakenWhileTheChildsErasureIsOpenLeavesNoRowBehind() throws Exception {
        UUID child = UUID.randomUUID();
        String grant = EventCodec.encode(EventCodec.envelope(child, new ConsentGranted(UUID.randomUUID(), DataCategory.PHOTOS, 1, 1),
                Instant.now()));
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            Future<?> delivered = QuarkusTransaction.requiringNew().call(() -> {
                projection.forget(child);
                Future<?> delivery = consumer.submit(() -> projector.onConsentEvent(grant));
                try {
                    // Without the child's lock the grant commits its row here, while the erasure is still open.
                    delivery.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException waitingForTheErasure) {
                    // With it, the grant waits for the erasure's commit.
                }
                return delivery;
            });
            delivered.get(60, TimeUnit.SECONDS);
        } finally {
            consumer.shutdownNow();
        }

        assertEquals(0, RealInfrastructure.shared().database("profile")
                .count("SELECT count(*) FROM consent_projection WHERE child_id = ?", child));
    }
}
