package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.datakey.KekRewrapJob;
import org.kidsafe.crypto.datakey.KekUsage;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.crypto.MediaDataKeys;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a KEK rotation, media-service moves a child's data key to the current KEK: on the next write, or by the
 * re-wrap job. The key itself and its generation stay, so data stays readable and an upload in progress is not
 * mistaken for one whose key was replaced. The running service takes a rotation of its KEK ring up without a
 * restart, two replicas re-wrapping at once leave every key intact, and the old KEK is destroyed only once no key
 * uses it (issue 18 item 1).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
@QuarkusTestResource(KekRingTestResource.class)
class DataKeyRotationTest {

    @Inject
    KekRewrapJob rewrapJob;

    @Inject
    DataKeys dataKeys;

    @Inject
    KeyEncryptionKeyProvider keks;

    @Inject
    KekSettings kekSettings;

    @Test
    void aKeyWrappedBeforeARotationIsRewrappedOnTheNextWriteAndKeepsOpeningOldData() throws Exception {
        Family family = Family.withConsent(DataCategory.CHAT);
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        Stored planted = plantKeyWrappedByRetiredKek(family.child, raw);

        String itemId = given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON)
                .body(Map.of("text", "I love dinosaurs")).when().post("/v1/chat")
                .then().statusCode(201).extract().path("id");

        Stored after = stored(family.child);
        assertEquals(keks.currentKeyId(), after.kekId(), "re-wrapped under the current KEK");
        assertNotEquals(KekRingTestResource.RETIRED_KEK_ID, after.kekId());
        assertEquals(planted.generation(), after.generation(), "a re-wrap keeps the generation");
        assertFalse(Arrays.equals(planted.wrappedKey(), after.wrappedKey()));

        byte[] ciphertext = chatCiphertext(UUID.fromString(itemId));
        assertEquals("I love dinosaurs", new String(AesGcm.open(new SecretKeySpec(raw, "AES"), ciphertext,
                AesGcm.idBytes(UUID.fromString(itemId))), StandardCharsets.UTF_8), "the same key as before the rotation");
        given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media?category=CHAT", family.child)
                .then().statusCode(200).body("items[0].text", equalTo("I love dinosaurs"));
    }

    @Test
    void keysNobodyWritesAreRewrappedInBatches() throws Exception {
        UUID child = UUID.randomUUID();
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        Stored planted = plantKeyWrappedByRetiredKek(child, raw);

        rewrapJob.run();

        Stored after = stored(child);
        assertEquals(keks.currentKeyId(), after.kekId());
        assertEquals(planted.generation(), after.generation());
        assertArrayEquals(raw, QuarkusTransaction.requiringNew().call(() -> dataKeys.find(child)).orElseThrow().key().getEncoded());
    }

    @Test
    void anUploadInProgressSurvivesARewrapButNotAReplacedKey() throws Exception {
        UUID child = UUID.randomUUID();
        plantKeyWrappedByRetiredKek(child, AesGcm.randomBytes(AesGcm.KEY_BYTES));
        DataKey usedByTheUpload = QuarkusTransaction.requiringNew().call(() -> dataKeys.find(child)).orElseThrow();

        QuarkusTransaction.requiringNew().run(() -> dataKeys.getOrCreate(child));
        assertEquals(keks.currentKeyId(), stored(child).kekId());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> dataKeys.stillCurrent(usedByTheUpload)),
                "a re-wrap changes the stored bytes, not the key");

        QuarkusTransaction.requiringNew().run(() -> dataKeys.destroy(child));
        DataKey replacement = dataKeys.getOrCreateCommitted(child);
        assertNotEquals(usedByTheUpload.generation(), replacement.generation());
        assertFalse(QuarkusTransaction.requiringNew().call(() -> dataKeys.stillCurrent(usedByTheUpload)),
                "a key destroyed and created again is another key");
    }

    @Test
    void theRunningServiceWrapsWithARotatedKekTheJobMovesEveryKeyAndTheOldKekIsDestroyedOnlyWhenNothingUsesIt() throws Exception {
        Map<UUID, byte[]> before = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            DataKey key = dataKeys.getOrCreateCommitted(UUID.randomUUID());
            before.put(key.subjectId(), key.key().getEncoded());
        }
        String old = keks.currentKeyId();

        String rotated = KekDirectory.rotate(ring());
        awaitCurrentKek(rotated);

        UUID newcomer = UUID.randomUUID();
        dataKeys.getOrCreateCommitted(newcomer);
        assertEquals(rotated, stored(newcomer).kekId(), "a new key is wrapped by the rotated KEK, without a restart");
        for (UUID child : before.keySet()) {
            assertEquals(old, stored(child).kekId(), "not moved yet");
        }
        assertTrue(dataKeys.kekIdsInUse().contains(old));
        assertThrows(IllegalStateException.class, () -> KekDirectory.retire(ring(), old, dataKeys.kekIdsInUse(), Duration.ZERO, Instant.now()),
                "refused while a key still uses it");
        assertTrue(Files.exists(ring().resolve(old + KekDirectory.SUFFIX)));

        rewrapJob.run();

        for (Map.Entry<UUID, byte[]> key : before.entrySet()) {
            assertEquals(rotated, stored(key.getKey()).kekId(), "moved to the current KEK");
            assertArrayEquals(key.getValue(), QuarkusTransaction.requiringNew().call(() -> dataKeys.find(key.getKey())).orElseThrow().key().getEncoded(),
                    "the same key, still opening what it encrypted");
        }
        assertFalse(dataKeys.kekIdsInUse().contains(old), "nothing uses the old KEK any more");
        try (Connection db = Family.connect()) {
            assertEquals(dataKeys.kekIdsInUse(), KekUsage.inUse(db), "what the launcher's --retire-keks asks sees the same");
        }

        KekDirectory.retire(ring(), old, dataKeys.kekIdsInUse(), Duration.ZERO, Instant.now());

        assertFalse(Files.exists(ring().resolve(old + KekDirectory.SUFFIX)), "the retired KEK is destroyed");
        assertThrows(IllegalStateException.class, () -> keks.unwrap(old, new byte[AesGcm.OVERHEAD + AesGcm.KEY_BYTES], new byte[0]),
                "the running service no longer holds it");
        for (Map.Entry<UUID, byte[]> key : before.entrySet()) {
            assertArrayEquals(key.getValue(), QuarkusTransaction.requiringNew().call(() -> dataKeys.find(key.getKey())).orElseThrow().key().getEncoded());
        }
    }

    @Test
    void twoReplicasRewrappingAtOnceMoveEveryKeyIntact() throws Exception {
        Map<UUID, byte[]> planted = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            UUID child = UUID.randomUUID();
            byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
            plantKeyWrappedByRetiredKek(child, raw);
            planted.put(child, raw);
        }
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> passes = List.of(replicas.submit(() -> pass(start)), replicas.submit(() -> pass(start)));
            start.countDown();
            int rewrapped = 0;
            for (Future<Integer> pass : passes) {
                rewrapped += pass.get(60, TimeUnit.SECONDS);
            }
            assertTrue(rewrapped >= planted.size());
        } finally {
            replicas.shutdownNow();
        }
        for (Map.Entry<UUID, byte[]> key : planted.entrySet()) {
            assertEquals(keks.currentKeyId(), stored(key.getKey()).kekId());
            assertArrayEquals(key.getValue(), QuarkusTransaction.requiringNew().call(() -> dataKeys.find(key.getKey())).orElseThrow().key().getEncoded(),
                    "each key re-wrapped from its stored bytes");
        }
    }

    /** One replica's pass over the table in small batches, as the job makes it; how many keys it re-wrapped. */
    private int pass(CountDownLatch start) throws InterruptedException {
        start.await();
        int rewrapped = 0;
        UUID after = null;
        do {
            DataKeys.RewrapBatch batch = dataKeys.rewrapStale(after, 3);
            rewrapped += batch.rewrapped();
            after = batch.last();
        } while (after != null);
        return rewrapped;
    }

    private void awaitCurrentKek(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!id.equals(keks.currentKeyId()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(id, keks.currentKeyId(), "the running service took up the rotation");
    }

    /** A data key as media-service stored it before the rotation: wrapped by kek-0 for this child and media's purpose. */
    private Stored plantKeyWrappedByRetiredKek(UUID child, byte[] raw) throws IOException, SQLException {
        SecretKey retired = new SecretKeySpec(Base64.getDecoder().decode(
                Files.readString(ring().resolve(KekRingTestResource.RETIRED_KEK_ID + KekDirectory.SUFFIX)).trim()), "AES");
        byte[] wrapped = AesGcm.seal(retired, raw, (MediaDataKeys.PURPOSE.label() + child).getBytes(StandardCharsets.UTF_8));
        UUID generation = UUID.randomUUID();
        try (Connection db = Family.connect();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO data_key (subject_id, generation, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, child);
            insert.setObject(2, generation);
            insert.setString(3, KekRingTestResource.RETIRED_KEK_ID);
            insert.setBytes(4, wrapped);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return new Stored(generation, KekRingTestResource.RETIRED_KEK_ID, wrapped);
    }

    private Path ring() {
        return kekSettings.directory().orElseThrow();
    }

    private static Stored stored(UUID child) throws SQLException {
        try (Connection db = Family.connect();
             PreparedStatement query = db.prepareStatement("SELECT generation, kek_id, wrapped_key FROM data_key WHERE subject_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the child has a data key");
                return new Stored(row.getObject(1, UUID.class), row.getString(2), row.getBytes(3));
            }
        }
    }

    private static byte[] chatCiphertext(UUID itemId) throws SQLException {
        try (Connection db = Family.connect();
             PreparedStatement query = db.prepareStatement("SELECT chat_ciphertext FROM media_item WHERE id = ?")) {
            query.setObject(1, itemId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    private record Stored(UUID generation, String kekId, byte[] wrappedKey) {
    }
}
