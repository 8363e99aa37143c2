package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.embedded.keycloak.DevRealm;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The export as a download (issue 19 item 7) over the real platform: a toy uploads 100 photos and voice clips through
 * the gateway, and the parent's ZIP holds {@code export.json} and those 100 items, each byte for byte what a download of
 * the item returns (media-service stores the sanitised upload, so that, not the upload, is the reference).
 *
 * <p>The ZIP is read with the JDK's HTTP client as it streams (the generated client reads an answer whole and, for this
 * operation, asks for JSON first); everything else goes through the generated client.
 */
class ExportArchiveIT {

    private static final int PHOTOS = 50;
    private static final int VOICE_CLIPS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theZipHoldsTheExportDocumentAndEveryPhotoAndVoiceClipAsDownloaded() throws Exception {
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS", "VOICE").withProfile();
        Family.Toy toy = family.pairToy();
        family.awaitFirstUpload(toy);
        for (int i = 1; i < PHOTOS; i++) {
            upload(family, toy, photo(i), "image/png");
        }
        for (int i = 0; i < VOICE_CLIPS; i++) {
            upload(family, toy, voiceClip(200 + i * 10), "audio/wav");
        }
        List<MediaItem> items = family.journey.listMedia(family.parent, family.child);
        assertEquals(PHOTOS + VOICE_CLIPS, items.size());

        Map<String, byte[]> archive = archive(family);

        Map<String, MediaItem> byFile = items.stream().collect(Collectors.toMap(ExportArchiveIT::file, item -> item));
        assertEquals(PHOTOS + VOICE_CLIPS + 1, archive.size(), "export.json and one entry per item, no missing.json: "
                + archive.keySet().stream().filter(name -> !byFile.containsKey(name)).toList());
        assertEquals("export.json", archive.keySet().iterator().next(), "the document comes first");
        assertEquals(byFile.keySet(), Set.copyOf(new ArrayList<>(archive.keySet()).subList(1, archive.size())));
        for (Map.Entry<String, MediaItem> entry : byFile.entrySet()) {
            assertArrayEquals(download(family, entry.getValue()), archive.get(entry.getKey()), entry.getKey());
        }
        JsonNode document = JSON.readTree(archive.get("export.json"));
        assertEquals(family.child.toString(), document.path("childId").asText());
        assertEquals(false, document.path("partial").asBoolean(true), document.toString());
        JsonNode media = document.path("services").valueStream()
                .filter(section -> section.path("service").asText().equals("media-service")).findFirst().orElseThrow();
        assertEquals(PHOTOS + VOICE_CLIPS, media.path("data").path("items").size());
    }

    /** One upload; a 429 (the gateway's per-caller limit: 100 uploads in a row pass it) is waited out, as an app does. */
    private static void upload(Family family, Family.Toy toy, byte[] content, String contentType) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> family.journey.uploadPhoto(toy.token(), content, contentType), answer -> answer.status() != 429)
                .expect(201);
    }

    /** The parent's ZIP, entries in archive order, read as it arrives. */
    private static Map<String, byte[]> archive(Family family) throws IOException, InterruptedException {
        HttpResponse<InputStream> answer = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(RunningPlatform.get().gatewayUrl() + "/api/v1/children/" + family.child + "/export"))
                        .header("Authorization", "Bearer " + family.parent)
                        .header("Accept", "application/zip")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream()), response -> response.statusCode() != 429);
        assertEquals(200, answer.statusCode());
        assertEquals("application/zip", answer.headers().firstValue("Content-Type").orElse(""));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(answer.body())) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** The item's content as the generated client downloads it ({@code getMediaContent}). */
    private static byte[] download(Family family, MediaItem item) {
        Apis.Answer answer = Apis.call(family.parent, Apis.LENIENT,
                apis -> apis.childMedia().getMediaContent(family.child, item.getId(), null));
        assertEquals(200, answer.status(), answer.body());
        return answer.body().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String file(MediaItem item) {
        String extension = switch (item.getContentType()) {
            case "image/png" -> "png";
            case "audio/wav" -> "wav";
            default -> throw new AssertionError("unexpected content type " + item.getContentType());
        };
        return "media/" + item.getKind() + "/" + item.getId() + "." + extension;
    }

    /** A small PNG, different for every {@code seed}. */
    private static byte[] photo(int seed) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(seed % 8, seed / 8 % 8, 0xffffff - seed);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A WAV voice clip: a 440 Hz tone, 16-bit mono at 8 kHz, {@code milliseconds} long. */
    private static byte[] voiceClip(int milliseconds) {
        int rate = 8_000;
        int samples = rate * milliseconds / 1000;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples);
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
