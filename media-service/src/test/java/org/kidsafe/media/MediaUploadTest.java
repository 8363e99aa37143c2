package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Toys upload photos and voice clips; parents of that child list, download (with ranges) and delete them. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class MediaUploadTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aPhotoLosesItsLocationAndCommentsButStillShowsTheSamePicture() throws IOException {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        BufferedImage image = TestMedia.noise(64, 48, 1);
        byte[] tagged = TestMedia.jpegWithGps(image);
        assertTrue(TestMedia.contains(tagged, TestMedia.GPS_LATITUDE), "the fixture must carry GPS data");

        String id = family.upload(tagged).statusCode(201).body("kind", equalTo("photo"))
                .body("contentType", equalTo("image/jpeg")).extract().path("id");
        byte[] stored = family.download(id);

        assertFalse(hasSegment(stored, 0xe1), "an APP1 (Exif/XMP) segment survived");
        assertFalse(hasSegment(stored, 0xfe), "a COM segment survived");
        assertFalse(TestMedia.contains(stored, "Exif"));
        assertFalse(TestMedia.contains(stored, TestMedia.GPS_LATITUDE), "the GPS latitude survived");
        assertFalse(TestMedia.contains(stored, TestMedia.SECRET));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stored));
        assertNotNull(decoded, "the cleaned JPEG no longer decodes");
        assertEquals(64, decoded.getWidth());
        assertEquals(48, decoded.getHeight());
        assertArrayEquals(pixels(ImageIO.read(new ByteArrayInputStream(tagged))), pixels(decoded), "the picture itself changed");
    }

    @Test
    void aPngLosesItsTextAndExifChunks() throws IOException {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        byte[] tagged = TestMedia.pngWithText(TestMedia.noise(20, 10, 2));

        String id = family.upload(tagged).statusCode(201).body("contentType", equalTo("image/png")).extract().path("id");
        byte[] stored = family.download(id);

        assertFalse(TestMedia.contains(stored, "tEXt"));
        assertFalse(TestMedia.contains(stored, "eXIf"));
        assertFalse(TestMedia.contains(stored, TestMedia.SECRET));
        assertEquals(20, ImageIO.read(new ByteArrayInputStream(stored)).getWidth());
    }

    @Test
    void voiceClipsAreAcceptedWithoutTheirTags() {
        Family family = Family.withConsent(DataCategory.VOICE);
        byte[] samples = TestMedia.random(3001, 3);

        String wav = family.upload(TestMedia.wav(samples)).statusCode(201).body("kind", equalTo("voice"))
                .body("contentType", equalTo("audio/wav")).extract().path("id");
        byte[] storedWav = family.download(wav);
        assertFalse(TestMedia.contains(storedWav, TestMedia.SECRET), "the WAV LIST/INFO chunk survived");
        assertTrue(TestMedia.contains(storedWav, samples), "the audio itself must be kept");

        String ogg = family.upload(TestMedia.oggOpus(samples)).statusCode(201).body("contentType", equalTo("audio/ogg")).extract().path("id");
        byte[] storedOgg = family.download(ogg);
        assertFalse(TestMedia.contains(storedOgg, TestMedia.SECRET), "the Opus comment survived");
        assertTrue(TestMedia.contains(storedOgg, samples));
    }

    @Test
    void theTypeComesFromTheContentNotTheHeader() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE);
        given().auth().oauth2(family.toyToken()).contentType("image/jpeg").body("just some text, not a photo".getBytes())
                .when().post("/v1/media").then().statusCode(415).contentType(PROBLEM);
        family.upload("GIF89a-not-accepted".getBytes()).statusCode(415).contentType(PROBLEM);
        family.upload(new byte[0]).statusCode(415).contentType(PROBLEM);
    }

    @Test
    void corruptTruncatedAndBombImagesAreRefused() {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.VOICE);
        byte[] jpeg = TestMedia.jpeg(TestMedia.noise(32, 32, 4));
        family.upload(Arrays.copyOf(jpeg, jpeg.length / 2)).statusCode(422).contentType(PROBLEM).body("type", equalTo("https://kidsafe.dev/problems/corrupt-media"));
        byte[] png = TestMedia.png(TestMedia.noise(32, 32, 5));
        byte[] flipped = png.clone();
        flipped[40] ^= 0x55;
        family.upload(flipped).statusCode(422).contentType(PROBLEM);
        family.upload(TestMedia.pngBomb()).statusCode(422).body("type", equalTo("https://kidsafe.dev/problems/image-too-large"));
        family.upload(jpegDeclaring(jpeg, 60_000, 60_000)).statusCode(422).body("type", equalTo("https://kidsafe.dev/problems/image-too-large"));
        family.upload(jpegWithHeightInDnl(jpeg, 60_000)).statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://kidsafe.dev/problems/corrupt-media"));
        family.upload(TestMedia.oggOpusWithSecondStream(TestMedia.random(3001, 7))).statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://kidsafe.dev/problems/corrupt-media"));
        byte[] wav = TestMedia.wav(TestMedia.random(2000, 6));
        family.upload(Arrays.copyOf(wav, wav.length - 500)).statusCode(422).contentType(PROBLEM);
        assertEquals(0, listed(family, "PHOTOS") + listed(family, "VOICE"), "nothing of a refused upload may be stored");
    }

    @Test
    void eachTypeHasItsOwnSizeLimit() {
        Family family = Family.withConsent(DataCategory.VOICE);
        byte[] tooLongForVoice = TestMedia.wav(new byte[5 * 1024 * 1024 + 2]);
        family.upload(tooLongForVoice).statusCode(413).contentType(PROBLEM);
        given().auth().oauth2(family.toyToken()).contentType("application/octet-stream").body(new byte[11 * 1024 * 1024])
                .when().post("/v1/media").then().statusCode(413);
    }

    @Test
    void aChunkedUploadIsCutOffAtItsTypesLimit() throws Exception {
        Family family = Family.withConsent(DataCategory.VOICE);
        byte[] tooLongForVoice = TestMedia.wav(new byte[5 * 1024 * 1024 + 2]);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/media"))
                .header("Authorization", "Bearer " + family.toyToken())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLongForVoice)))
                .timeout(Duration.ofSeconds(30))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals(0, listed(family, "VOICE"));
    }

    @Test
    void nothingIsStoredWithoutConsentOrFromAnUnpairedToy() {
        Family family = Family.withConsent(DataCategory.VOICE);
        family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 7))).statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("https://kidsafe.dev/problems/consent-required")).body("category", equalTo("PHOTOS"));

        family.revoke(DataCategory.VOICE);
        family.upload(TestMedia.wav(new byte[100])).statusCode(403).body("category", equalTo("VOICE"));

        Family other = Family.withConsent(DataCategory.PHOTOS);
        other.unpair();
        other.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 8))).statusCode(403).body("type", equalTo("https://kidsafe.dev/problems/toy-not-paired"));
        assertEquals(0, listed(family, null) + listed(other, null));
    }

    @Test
    void rangesDecryptOnlyTheRequestedBytes() {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        byte[] png = TestMedia.png(TestMedia.noise(300, 300, 9));
        assertTrue(png.length > 3 * 64 * 1024, "the fixture should span several encryption segments");
        String id = family.upload(png).statusCode(201).extract().path("id");
        byte[] whole = family.download(id);
        assertArrayEquals(png, whole);

        ExtractableResponse<Response> middle = range(family, id, "bytes=65000-140000").statusCode(206)
                .header("Content-Range", "bytes 65000-140000/" + png.length).header("Accept-Ranges", "bytes").extract();
        assertArrayEquals(Arrays.copyOfRange(png, 65000, 140001), middle.asByteArray());
        byte[] tail = range(family, id, "bytes=-100").statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(png, png.length - 100, png.length), tail);
        byte[] open = range(family, id, "bytes=131072-").statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(png, 131072, png.length), open);
        range(family, id, "bytes=" + png.length + "-").statusCode(416).contentType(PROBLEM).header("Content-Range", "bytes */" + png.length);
    }

    @Test
    void onlyTheChildsParentSeesOrDeletesItsMedia() {
        Family family = Family.withConsent(DataCategory.PHOTOS);
        String id = family.upload(TestMedia.jpeg(TestMedia.noise(8, 8, 10))).statusCode(201).extract().path("id");
        Family stranger = Family.withConsent(DataCategory.PHOTOS);

        given().auth().oauth2(stranger.parentToken()).when().get("/v1/children/{c}/media", family.child).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger.parentToken()).when().get("/v1/children/{c}/media/{i}/content", family.child, id).then().statusCode(404);
        given().auth().oauth2(stranger.parentToken()).when().delete("/v1/children/{c}/media/{i}", family.child, id).then().statusCode(404);
        given().auth().oauth2(stranger.parentToken()).when().get("/v1/children/{c}/media/{i}", stranger.child, id).then().statusCode(404);
        given().auth().oauth2(family.toyToken()).when().get("/v1/children/{c}/media", family.child).then().statusCode(403);
        given().when().get("/v1/children/{c}/media", family.child).then().statusCode(401);

        given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media?category=PHOTOS", family.child)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(id));
        given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media?category=NONSENSE", family.child).then().statusCode(400);
        given().auth().oauth2(family.parentToken()).when().delete("/v1/children/{c}/media/{i}", family.child, id).then().statusCode(204);
        given().auth().oauth2(family.parentToken()).when().get("/v1/children/{c}/media/{i}", family.child, id).then().statusCode(404);
        assertEquals(0, listed(family, null));
    }

    private static ValidatableResponse range(Family family, String id, String range) {
        return given().auth().oauth2(family.parentToken()).header("Range", range)
                .when().get("/v1/children/{c}/media/{i}/content", family.child, id).then();
    }

    private static int listed(Family family, String category) {
        return given().auth().oauth2(family.parentToken()).queryParam("category", category == null ? "" : category)
                .when().get("/v1/children/{c}/media", family.child).then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    /** The same JPEG with its frame header claiming other dimensions (a decompression bomb's header). */
    private static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        for (int i = 2; i < patched.length - 9; i++) {
            if ((patched[i] & 0xff) == 0xff && (patched[i + 1] & 0xff) == 0xc0) {
                patched[i + 5] = (byte) (height >> 8);
                patched[i + 6] = (byte) height;
                patched[i + 7] = (byte) (width >> 8);
                patched[i + 8] = (byte) width;
                return patched;
            }
        }
        throw new IllegalStateException("no SOF0 in the fixture");
    }

    /**
     * The same JPEG with height 0 in its frame header and the real (bomb) height in a DNL segment after the scan:
     * a pixel guard that reads only the frame header computes 0 pixels (issue 18 item 7).
     */
    private static byte[] jpegWithHeightInDnl(byte[] jpeg, int height) {
        int width = 32;
        byte[] noHeight = jpegDeclaring(jpeg, width, 0);
        int eoi = noHeight.length - 2;
        if ((noHeight[eoi] & 0xff) != 0xff || (noHeight[eoi + 1] & 0xff) != 0xd9) {
            throw new IllegalStateException("the fixture does not end with EOI");
        }
        byte[] dnl = {(byte) 0xff, (byte) 0xdc, 0, 4, (byte) (height >> 8), (byte) height};
        byte[] patched = Arrays.copyOf(noHeight, noHeight.length + dnl.length);
        System.arraycopy(dnl, 0, patched, eoi, dnl.length);
        patched[patched.length - 2] = (byte) 0xff;
        patched[patched.length - 1] = (byte) 0xd9;
        return patched;
    }

    /** Whether a JPEG has a segment with this marker before its first scan. */
    private static boolean hasSegment(byte[] jpeg, int marker) {
        int position = 2;
        while (position + 4 <= jpeg.length && (jpeg[position] & 0xff) == 0xff) {
            int code = jpeg[position + 1] & 0xff;
            if (code == marker) {
                return true;
            }
            if (code == 0xda) {
                return false;
            }
            position += 2 + (((jpeg[position + 2] & 0xff) << 8) | (jpeg[position + 3] & 0xff));
        }
        return false;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
