package org.kidsafe.media.erasure;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.media.storage.BlobKeys;
import org.kidsafe.media.storage.BlobStore;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The erasure worker carries out several claimed erasures at once (issue 21 item 3: one at a time, media-service's
 * erasure was half of an erasure's time). The real blob store's deletions wait at a gate ({@link GatedBlobStore}), so
 * the test sees which erasures are deleting blobs at the same moment, against the real database.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class ErasureWorkerConcurrencyTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration GATE_WAIT = Duration.ofSeconds(30);

    @Inject
    ErasureWorker worker;
    @Inject
    BlobStore store;
    @Inject
    MediaSettings settings;
    @Inject
    MutableClock clock;

    private GatedBlobStore gate;

    @BeforeEach
    void gateTheBlobStore() {
        gate = new GatedBlobStore(ClientProxy.unwrap(store));
        QuarkusMock.installMockForType(gate, BlobStore.class);
    }

    @AfterEach
    void openTheGate() {
        gate.open();
        clock.reset();
    }

    /**
     * As many erasures as the worker has slots delete their blobs at once, each job's lease is renewed while it is in
     * flight, the job beyond the slots waits unclaimed in the database (where any replica may take it), and it starts
     * when a slot frees. With the worker of before (one job at a time) the second child never reached the gate.
     */
    @Test
    void erasuresOfDifferentChildrenDeleteTheirBlobsAtOnce() throws Exception {
        int slots = settings.erasure().concurrency();
        List<UUID> children = new ArrayList<>();
        List<UUID> erasures = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i <= slots; i++) {
            UUID child = childWithAVoiceClip();
            children.add(child);
            erasures.add(pendingVoiceErasure(child, now.minusSeconds(60 - i)));
        }
        List<String> prefixes = children.stream().map(ErasureWorkerConcurrencyTest::voice).toList();
        gate.gate(prefixes);

        worker.wakeUp();

        assertTrue(gate.awaitInside(prefixes.subList(0, slots), GATE_WAIT),
                "the " + slots + " oldest erasures deleting blobs at once; at the gate: " + gate.inside());
        assertEquals(0, media().count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until IS NOT NULL", erasures.get(slots)),
                "no more jobs claimed than slots: the next one waits in the database");

        clock.advance(LEASE.dividedBy(2));
        Instant renewedFrom = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(LEASE);
        worker.renewHeld();
        Instant renewedTo = clock.instant().plus(LEASE);
        for (UUID erasureId : erasures.subList(0, slots)) {
            assertEquals(1, media().count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until BETWEEN ? AND ?",
                    erasureId, Timestamp.from(renewedFrom), Timestamp.from(renewedTo)), "the lease of every job in flight is renewed");
        }

        gate.open();
        await().atMost(Duration.ofSeconds(60)).until(() -> erasures.stream().allMatch(ErasureWorkerConcurrencyTest::completed));
        for (String prefix : prefixes) {
            assertEquals(0, store.count(prefix), prefix);
        }
    }

    /**
     * A child's second erasure is not claimed while its first is in flight on this replica, so one child's blobs are
     * never deleted by two of the worker's threads at once; the next child's erasure is not held up by it.
     */
    @Test
    void oneChildsErasuresRunOneAfterTheOther() throws Exception {
        UUID child = childWithAVoiceClip();
        UUID other = childWithAVoiceClip();
        Instant now = clock.instant();
        UUID first = pendingVoiceErasure(child, now.minusSeconds(30));
        UUID second = pendingVoiceErasure(child, now.minusSeconds(20));
        UUID otherChilds = pendingVoiceErasure(other, now.minusSeconds(10));
        gate.gate(List.of(voice(child), voice(other)));

        worker.wakeUp();

        assertTrue(gate.awaitInside(List.of(voice(child), voice(other)), GATE_WAIT), "at the gate: " + gate.inside());
        assertEquals(0, media().count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND claimed_until IS NOT NULL", second),
                "the child's second erasure waits until its first is done");

        gate.open();
        await().atMost(Duration.ofSeconds(60)).until(() -> completed(first) && completed(second) && completed(otherChilds));
        assertEquals(1, gate.mostInsideAtOnce(voice(child)));
    }

    /** Each erasure in flight holds a connection at a time: at most half the pool, so the rest of the service keeps the other half. */
    @Test
    void theConcurrencyMustLeaveHalfThePool() {
        assertEquals(4, ErasureWorker.checkedConcurrency(4, 8));
        assertThrows(IllegalStateException.class, () -> ErasureWorker.checkedConcurrency(5, 8));
        assertThrows(IllegalStateException.class, () -> ErasureWorker.checkedConcurrency(0, 8));
    }

    /** A child with one blob in the real store, its VOICE prefix. */
    private UUID childWithAVoiceClip() throws IOException {
        UUID child = UUID.randomUUID();
        store.write(BlobKeys.item(child, DataCategory.VOICE, UUID.randomUUID()), out -> out.write(new byte[64]));
        return child;
    }

    private static String voice(UUID child) {
        return BlobKeys.category(child, DataCategory.VOICE);
    }

    /** An accepted VOICE erasure, not claimed by any worker, as step 1 leaves it. */
    private static UUID pendingVoiceErasure(UUID child, Instant requestedAt) throws SQLException {
        UUID erasureId = UUID.randomUUID();
        try (Connection connection = media().connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO erasure_job (erasure_id, child_id, categories, requested_at, key_destroyed, erased_counts)
                     VALUES (?, ?, 'VOICE', ?, false, '')""")) {
            insert.setObject(1, erasureId);
            insert.setObject(2, child);
            insert.setTimestamp(3, Timestamp.from(requestedAt));
            insert.executeUpdate();
        }
        return erasureId;
    }

    private static boolean completed(UUID erasureId) {
        return media().count("SELECT count(*) FROM erasure_job WHERE erasure_id = ? AND completed_at IS NOT NULL", erasureId) == 1;
    }

    private static ServiceDatabase media() {
        return RealInfrastructure.shared().database("media");
    }
}
