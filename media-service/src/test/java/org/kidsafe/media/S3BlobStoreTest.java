package org.kidsafe.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TopicProbe;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.media.storage.BlobKeys;
import org.kidsafe.media.storage.BlobStore;
import org.kidsafe.media.storage.S3BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * media-service with {@code kidsafe.media.store.type=s3} against a real S3-compatible server (S3Proxy, see
 * {@link S3ProxyTestResource}), looked into directly with the AWS SDK: same key layout, ciphertext only,
 * ranged reads, multipart uploads, and an empty prefix after a child's erasure.
 */
@QuarkusTest
@TestProfile(S3StoreProfile.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class S3BlobStoreTest {

    private static final int MIB = 1024 * 1024;

    @Inject
    MediaSettings settings;

    @Inject
    BlobStore store;

    @Inject
    ServiceSigningKey signingKey;

    private S3Client bucket;

    @BeforeEach
    void lookIntoTheBucket() {
        bucket = S3ProxyTestResource.client(settings.store().s3().endpoint().orElseThrow());
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    @Test
    void theS3StoreIsSelectedAndNeedsNoDirectory() {
        assertEquals(MediaSettings.StoreType.S3, settings.store().type());
        assertTrue(settings.store().directory().isEmpty());
        assertInstanceOf(S3BlobStore.class, ClientProxy.unwrap(store));
    }

    @Test
    void anUploadRoundTripsThroughTheBucketIncludingRanges() {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        byte[] png = TestMedia.png(TestMedia.noise(1400, 1400, 11));
        assertTrue(png.length > 5 * MIB, "the fixture should outgrow one 5 MiB upload part");
        String id = family.upload(png).statusCode(201).extract().path("id");

        assertEquals(List.of(family.child + "/PHOTOS/" + id), keys(BlobKeys.child(family.child)));
        assertArrayEquals(png, family.download(id));
        int first = 5 * MIB - 100_000;
        int last = 5 * MIB + 100_000;
        byte[] middle = given().auth().oauth2(family.parentToken()).header("Range", "bytes=" + first + "-" + last)
                .when().get("/v1/children/{c}/media/{i}/content", family.child, id)
                .then().statusCode(206).header("Content-Range", "bytes " + first + "-" + last + "/" + png.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(png, first, last + 1), middle);
    }

    @Test
    void theBucketHoldsOnlyCiphertext() {
        Family family = Family.withConsent(DataCategory.VOICE);
        String marker = "KIDSAFE-PLAINTEXT-MARKER-" + UUID.randomUUID();
        byte[] samples = (marker + marker + marker).getBytes(StandardCharsets.US_ASCII);
        String id = family.upload(TestMedia.wav(samples)).statusCode(201).extract().path("id");

        assertTrue(TestMedia.contains(family.download(id), marker), "the marker should survive as the audio it is");
        byte[] stored = bucket.getObjectAsBytes(b -> b.bucket(S3ProxyTestResource.BUCKET).key(family.child + "/VOICE/" + id)).asByteArray();
        assertTrue(stored.length > samples.length);
        assertFalse(TestMedia.contains(stored, marker), "plaintext found in the bucket");
        assertFalse(TestMedia.contains(stored, TestMedia.SECRET), "metadata found in the bucket");
    }

    @Test
    void largeBlobsGoUpInPartsAndAreReadFromAnyOffset() throws IOException {
        UUID child = UUID.randomUUID();
        String key = BlobKeys.item(child, DataCategory.PHOTOS, UUID.randomUUID());
        byte[] blob = TestMedia.random(11 * MIB + 123, 7);
        store.write(key, out -> {
            for (int i = 0; i < blob.length; i += 100_000) {
                out.write(blob, i, Math.min(100_000, blob.length - i));
            }
            out.close();
        });

        HeadObjectResponse head = bucket.headObject(b -> b.bucket(S3ProxyTestResource.BUCKET).key(key));
        assertEquals(blob.length, head.contentLength());
        assertTrue(head.eTag().endsWith("-3\""), "11 MiB should go up as three 5 MiB parts, ETag " + head.eTag());
        int offset = 10 * MIB + 17;
        try (InputStream in = store.open(key, offset)) {
            assertArrayEquals(Arrays.copyOfRange(blob, offset, blob.length), in.readAllBytes());
        }
        assertEquals(1, store.count(BlobKeys.child(child)));
        assertEquals(1, store.deletePrefix(BlobKeys.child(child)));
        assertEquals(List.of(), keys(BlobKeys.child(child)));
    }

    /**
     * Issue 21 item 6: a prefix of more blobs than one listing returns (1,000) is deleted batch by batch, each listed and
     * deleted before the next is listed, so the store never holds every key of a child at once; another child's stay.
     */
    @Test
    void aPrefixOfMoreBlobsThanOneListingIsDeletedBatchByBatch() throws IOException {
        UUID child = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        int blobs = 1_001;
        IntStream.range(0, blobs).parallel().forEach(i -> bucket.putObject(
                b -> b.bucket(S3ProxyTestResource.BUCKET).key(BlobKeys.item(child, DataCategory.CHAT, UUID.randomUUID())),
                RequestBody.fromBytes(new byte[1])));
        String kept = BlobKeys.item(neighbour, DataCategory.CHAT, UUID.randomUUID());
        bucket.putObject(b -> b.bucket(S3ProxyTestResource.BUCKET).key(kept), RequestBody.fromBytes(new byte[1]));

        assertEquals(blobs, store.deletePrefix(BlobKeys.child(child)));
        assertEquals(List.of(), keys(BlobKeys.child(child)));
        assertEquals(List.of(kept), keys(BlobKeys.child(neighbour)));
    }

    @Test
    void aFailedWriteLeavesNoObject() {
        UUID child = UUID.randomUUID();
        String key = BlobKeys.item(child, DataCategory.VOICE, UUID.randomUUID());
        assertThrows(IOException.class, () -> store.write(key, out -> {
            out.write(new byte[6 * MIB]);
            throw new IOException("the upload was cut off");
        }));
        assertEquals(List.of(), keys(BlobKeys.child(child)));
        assertTrue(bucket.listMultipartUploads(b -> b.bucket(S3ProxyTestResource.BUCKET).prefix(key)).uploads().isEmpty(),
                "the failed multipart upload should be aborted");
    }

    @Test
    void erasingAChildLeavesItsPrefixEmpty() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE);
        family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 12))).statusCode(201);
        family.upload(TestMedia.wav(new byte[300])).statusCode(201);
        Family neighbour = Family.withConsent(DataCategory.PHOTOS);
        neighbour.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 13))).statusCode(201);
        assertEquals(2, keys(BlobKeys.child(family.child)).size());

        UUID erasureId = UUID.randomUUID();
        ErasureRequests saga = new ErasureRequests(new TopicProbe(RealInfrastructure.shared().kafka()), signingKey.publicKey());
        saga.request(family.child, erasureId, EnumSet.allOf(DataCategory.class));
        JsonNode report = saga.awaitReport(family.child, erasureId);

        assertTrue(report.get("verifiedEmpty").asBoolean());
        assertEquals(1, report.at("/erased/photo").asLong());
        assertEquals(1, report.at("/erased/voice").asLong());
        assertEquals(List.of(), keys(BlobKeys.child(family.child)));
        assertEquals(1, keys(BlobKeys.child(neighbour.child)).size(), "another child's blobs must stay");
    }

    /** Every key under a prefix, listed straight from the bucket. */
    private List<String> keys(String prefix) {
        return bucket.listObjectsV2Paginator(b -> b.bucket(S3ProxyTestResource.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}
