package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.api.client.model.ConsentView;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.api.client.model.ProfileView;
import org.kidsafe.launcher.client.Answer;
import org.junit.jupiter.api.Test;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent's whole journey through the gateway, over the real platform: consent reaches profile and
 * media as events, a paired toy collects, and deleting the child ends in a verifiable receipt.
 */
class ParentJourneyIT {

    private final ParentJourney journey = Accounts.journey();

    @Test
    void fromConsentToAVerifiedErasureReceipt() throws Exception {
        String alice = Accounts.alice();
        int notice = journey.currentNotice().getVersion();
        UUID child = journey.registerChild(alice);

        // Since households (issue 19 item 4) a child's guardian set reaches every service at registration, ids only: until it
        // arrives profile-service knows no such child (404), then it refuses for want of consent (403). Never a profile.
        Answer<ProfileView> beforeConsent = await().atMost(Duration.ofSeconds(60)).until(
                () -> journey.putProfile(alice, child, "BraveOtter"), response -> response.status() != 404);
        assertEquals(403, beforeConsent.status(), "no profile before any consent: " + beforeConsent.problem());
        assertTrue(beforeConsent.problem().getDetail().contains("PROFILE"), beforeConsent.problem().toString());

        journey.verifyByEmail(alice, DevRealm.ALICE.username());
        journey.grant(alice, child, "PHOTOS", notice).expect(201);
        Answer<ProfileView> refused = await().atMost(Duration.ofSeconds(60)).until(
                () -> journey.putProfile(alice, child, "BraveOtter"), response -> response.status() != 404);
        assertEquals(403, refused.status(), "no profile without PROFILE consent: " + refused.problem());
        assertTrue(refused.problem().getDetail().contains("PROFILE"), refused.problem().toString());
        journey.grant(alice, child, "PROFILE", notice).expect(201);
        Answer<ConsentView> disclosure = journey.grant(alice, child, "THIRD_PARTY_DISCLOSURE", notice);
        assertEquals(403, disclosure.status(), "email plus never unlocks disclosure: " + disclosure.problem());
        assertTrue(disclosure.header("Content-Type").startsWith("application/problem+json"), disclosure.header("Content-Type"));
        assertEquals(403, disclosure.problem().getStatus(), "the problem's status is the answer's");

        String name = journey.suggestDisplayNames(alice).get(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.putProfile(alice, child, name).status() == 200);

        String toy = journey.pairToy(journey.createPairingCode(alice, child), "e2e-toy-" + UUID.randomUUID());
        MediaItem photo = await().atMost(Duration.ofSeconds(60)).until(
                () -> journey.uploadPhoto(toy, png(), "image/png"), response -> response.status() == 201).body();
        assertEquals(List.of(photo.getId()), journey.listMedia(alice, child).stream().map(MediaItem::getId).toList(),
                "the parent sees the toy's photo");
        assertEquals("image/png", photo.getContentType(), "the photo went up as the PNG it is");
        assertEquals(403, journey.sendChatFromToy(toy, "hello").status(), "no chat without CHAT consent");

        UUID erasure = journey.deleteChild(alice, child);
        ErasureView done = journey.awaitReceipt(alice, erasure, Duration.ofMinutes(2));
        JsonNode receipt = journey.verifyReceipt(done.getReceipt(), erasure, child);

        assertEquals(child.toString(), receipt.path("childId").asText());
        assertEquals(erasure.toString(), receipt.path("erasureId").asText());
        assertFalse(receipt.toString().contains(name), "the receipt holds no personal information");
        // Issue 18 item 1: the receipt states when the live data became unreadable (T1) and when backups and WAL do (T2,
        // the KEK that wrapped the child's keys retired: one rotation period, P30D, after the last key's destruction).
        Instant unreadable = Instant.parse(receipt.path("unreadableAt").asText());
        Instant backupsUnreadable = Instant.parse(receipt.path("backupsUnreadableAt").asText());
        Duration between = Duration.between(unreadable, backupsUnreadable);
        assertTrue(between.compareTo(Duration.ofDays(30)) <= 0 && between.compareTo(Duration.ofDays(29)) > 0, "T2 - T1 = " + between);
        // Issue 18 item 5: every service forgot the erased child, so every route answers 404 to its former parent.
        for (String route : List.of("/profile", "/media", "/toys", "/consents")) {
            ApiResponse response = Gateway.client().get("/v1/children/" + child + route, alice);
            assertEquals(404, response.status(), route + " after erasure: " + response.text());
        }
        theJourneysIdsReachNoMetrics();
    }

    /**
     * Issue 17 item 1: after a journey that made a child, a toy, a photo and an erasure, every process serves its metrics
     * on its management port only, and none of them names an id.
     */
    private static void theJourneysIdsReachNoMetrics() throws Exception {
        Pattern uuid = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        HttpClient http = HttpClient.newHttpClient();
        for (String service : Platform.SERVICES) {
            ServiceProcess process = RunningPlatform.get().service(service);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(process.managementUrl() + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), service);
            assertFalse(uuid.matcher(metrics.body()).find(), () -> service + " names an id in its metrics: "
                    + metrics.body().lines().filter(line -> uuid.matcher(line).find()).findFirst().orElse(""));
            HttpResponse<Void> publicMetrics = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, publicMetrics.statusCode(), service + " serves its metrics on its public port");
        }
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
    }
}
