package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.client.ApiClient;
import org.kidsafe.launcher.client.ApiResponse;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A child with consent for photos and a paired toy, made only through the services' own APIs (the
 * same calls a parent's app and a toy make), and the toy's uploads. Seeding goes straight to the
 * owning service rather than through the gateway, whose per-caller rate limit would otherwise
 * throttle the harness; nothing is written to a database from outside.
 */
final class Family {

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);
    /** Parallel uploads: enough to keep both cores busy, few enough not to queue for long. */
    private static final int UPLOAD_CONCURRENCY = 8;
    private static final byte[] TINY_PNG = png(8, 8);

    private final Platform platform;
    private final Supplier<String> parentToken;
    private final UUID childId;
    private final String toyToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Family(Platform platform, Supplier<String> parentToken, UUID childId, String toyToken) {
        this.platform = platform;
        this.parentToken = parentToken;
        this.childId = childId;
        this.toyToken = toyToken;
    }

    /**
     * Registers a child, grants PROFILE and PHOTOS consent, creates the child's profile (pairing a toy needs
     * both), pairs a toy and waits until media-service accepts the toy's photo.
     */
    static Family create(Platform platform, ParentJourney journey, Supplier<String> parentToken, int noticeVersion) {
        UUID child = journey.registerChild(parentToken.get());
        journey.grant(parentToken.get(), child, "PROFILE", noticeVersion).expect(201);
        journey.grant(parentToken.get(), child, "PHOTOS", noticeVersion).expect(201);
        ApiClient profile = new ApiClient(platform.service(Platform.PROFILE).baseUrl());
        Supplier<String> atProfile = new ExchangedToken(parentToken, platform, KidSafeRealm.PROFILE);
        // A toy greets the child by name, so pairing needs the child's profile first.
        String displayName = profile.get("/v1/display-names/suggestions?count=1", atProfile.get()).expect(200)
                .path("suggestions").path(0).asText();
        until(() -> profile.put("/v1/children/" + child + "/profile", atProfile.get(),
                        Map.of("displayName", displayName, "ageBand", "AGE_8_10", "avatar", "BEAR", "preferredLanguage", "en-US")),
                response -> response.status() == 200, "the child's profile");
        ApiResponse code = until(() -> profile.post("/v1/children/" + child + "/pairing-codes", atProfile.get(), Map.of()),
                response -> response.status() == 201, "pairing code");
        String deviceId = "bench-toy-" + UUID.randomUUID();
        JsonNode credentials = profile.post("/v1/toys/pairings", null, Map.of("code", code.json().path("code").asText(), "deviceId", deviceId))
                .expect(201);
        String issued = KeycloakTokens.toy(platform.keycloak().issuer(), credentials.path("username").asText(),
                credentials.path("secret").asText()).accessToken();
        // Uploads go straight to media-service: with the token the gateway would send it (issue 16 item 4).
        String toy = new ExchangedToken(() -> issued, platform, KidSafeRealm.MEDIA).get();
        Family family = new Family(platform, parentToken, child, toy);
        until(() -> family.mediaApi().postBytes("/v1/media", toy, "image/png", TINY_PNG), response -> response.status() == 201,
                "the toy's first photo");
        return family;
    }

    UUID childId() {
        return childId;
    }

    ApiClient mediaApi() {
        return new ApiClient(platform.service(Platform.MEDIA).baseUrl());
    }

    /** Uploads photos until the child has {@code total} items (the first one is already there); returns uploads per second. */
    double uploadUntil(int total) {
        int missing = total - 1;
        if (missing <= 0) {
            return Double.NaN;
        }
        Semaphore slots = new Semaphore(UPLOAD_CONCURRENCY);
        AtomicInteger failures = new AtomicInteger();
        URI upload = URI.create(platform.service(Platform.MEDIA).baseUrl() + "/v1/media");
        Instant begun = Instant.now();
        CompletableFuture<?>[] uploads = new CompletableFuture<?>[missing];
        for (int i = 0; i < missing; i++) {
            slots.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(upload).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + toyToken).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TINY_PNG)).build();
            uploads[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                slots.release();
                if (error != null || response.statusCode() != 201) {
                    failures.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(uploads).join();
        double seconds = Duration.between(begun, Instant.now()).toNanos() / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + missing + " uploads failed");
        }
        return missing / seconds;
    }

    /** The child's item count as media-service reports it to the parent. */
    long heldItems() {
        JsonNode holdings = new ApiClient(platform.service(Platform.MEDIA).baseUrl())
                .get("/v1/children/" + childId + "/holdings", new ExchangedToken(parentToken, platform, KidSafeRealm.MEDIA).get())
                .expect(200).path("holdings");
        long count = 0;
        for (JsonNode holding : holdings) {
            count += holding.path("count").asLong();
        }
        return count;
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Retries a call until its answer satisfies the condition: events reach the other services' projections asynchronously. */
    static ApiResponse until(Supplier<ApiResponse> call, Predicate<ApiResponse> done, String what) {
        Instant deadline = Instant.now().plus(PROJECTION_WAIT);
        ApiResponse last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Gave up waiting for " + what + "; last answer " + (last == null ? "none" : last.status() + " " + last.text()));
    }
}
