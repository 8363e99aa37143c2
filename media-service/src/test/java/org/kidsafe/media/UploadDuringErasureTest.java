package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consentprojection.ConsentProjectionErasure;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.media.erasure.ErasureService;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A toy's upload racing the erasure of its child (issue 18 item 6). The erasure request and the consent revocation
 * travel on different topics, so media-service can still see consent when the child's key has just been destroyed.
 * Before the tombstone, the upload then created a fresh key and stored the photo under it, and the erasure's re-check
 * waited for that key to go, forever. Two real transactions on the service's PostgreSQL race here, ordered by latches:
 * the erasure's step 1 runs and holds its transaction open while the upload arrives.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class UploadDuringErasureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LIVE_KEYS = "SELECT count(*) FROM data_key WHERE subject_id = ? AND wrapped_key IS NOT NULL";

    @Inject
    ErasureService erasures;
    @Inject
    ConsentProjectionErasure projection;

    @Test
    void anUploadRacingAWholeChildErasureIsRefusedAndCreatesNoKey() throws Exception {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
        byte[] photo = TestMedia.jpeg(TestMedia.noise(8, 8, 70));
        UUID erasureId = UUID.randomUUID();
        CountDownLatch keyDestroyed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        ExtractableResponse<Response> racing;
        try {
            Future<?> erasure = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                // What the erasure participant runs in the request's transaction: the projection's part, then media's.
                projection.forget(family.child);
                erasures.erase(family.child, new ErasureRequested(erasureId, EnumSet.allOf(DataCategory.class)), Instant.now());
                keyDestroyed.countDown();
                awaitQuietly(commit);
            }));
            assertTrue(keyDestroyed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the erasure's step 1 never ran");

            Future<ExtractableResponse<Response>> upload = threads.submit(() -> family.upload(photo).extract());
            await("the erasure's re-check finds no key to wait for and completes").atMost(PATIENCE).until(() -> upload.isDone() || creatingAKeyWaits());
            commit.countDown();
            erasure.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            racing = upload.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }

        assertEquals(409, racing.statusCode(), "the racing upload must be refused: " + racing.body().asString());
        assertEquals("application/problem+json", racing.contentType());
        assertEquals("https://kidsafe.dev/problems/child-erased", racing.path("type"));
        // Once the erasure committed, the consent projection has forgotten the child (issue 18 item 5): a later upload
        // is refused before any key is looked for. The worker, woken by that commit, may already have removed the toy's
        // pairing too (step 2), which refuses it one check earlier.
        family.upload(photo).statusCode(403).contentType("application/problem+json")
                .body("type", anyOf(equalTo("https://kidsafe.dev/problems/consent-required"),
                        equalTo("https://kidsafe.dev/problems/toy-not-paired")));
        assertEquals(0, Family.count(LIVE_KEYS, family.child), "no key may exist for an erased child");
        assertEquals(0, Family.count("SELECT count(*) FROM media_item WHERE child_id = ?", family.child));

        // The worker was woken by the erasure's commit and may hold the job (claims skip a locked job): either run completes it.
        erasures.complete(erasureId);
        await("the erasure's re-check finds no key to wait for and completes").atMost(PATIENCE).until(() ->
                Family.count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND completed_at IS NOT NULL", erasureId) == 1);
    }

    /** The upload's key creation is blocked by the erasure's uncommitted tombstone (as the service's role sees it). */
    private static boolean creatingAKeyWaits() {
        return RealInfrastructure.shared().database("media").count("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO data_key%'""") > 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
