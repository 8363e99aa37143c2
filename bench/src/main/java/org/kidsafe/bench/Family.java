package org.kidsafe.bench;

import org.kidsafe.api.client.ApiClient;
import org.kidsafe.api.client.KidSafeApi;
import org.kidsafe.api.client.api.DisplayNamesApi;
import org.kidsafe.api.client.api.ParentsReviewApi;
import org.kidsafe.api.client.api.ProfileApi;
import org.kidsafe.api.client.api.ToyPairingApi;
import org.kidsafe.api.client.api.ToysApi;
import org.kidsafe.api.client.model.AgeBand;
import org.kidsafe.api.client.model.AggregatedDocument;
import org.kidsafe.api.client.model.Avatar;
import org.kidsafe.api.client.model.Holding;
import org.kidsafe.api.client.model.PairingRequest;
import org.kidsafe.api.client.model.ProfileRequest;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.client.Answer;
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
import java.util.HashMap;
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
    private final ToyCredentialsView toy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Family(Platform platform, Supplier<String> parentToken, UUID childId, String toyToken, ToyCredentialsView toy) {
        this.platform = platform;
        this.parentToken = parentToken;
        this.childId = childId;
        this.toyToken = toyToken;
        this.toy = toy;
    }

    /**
     * Registers a child, grants PROFILE and PHOTOS consent (and the {@code moreCategories}, e.g. CHAT), creates the
     * child's profile (pairing a toy needs both), pairs a toy and waits until media-service accepts the toy's photo.
     */
    static Family create(Platform platform, ParentJourney journey, Supplier<String> parentToken, int noticeVersion, String... moreCategories) {
        UUID child = journey.registerChild(parentToken.get());
        journey.grant(parentToken.get(), child, "PROFILE", noticeVersion).expect(201);
        // PHOTOS last: the child's consent events reach media-service in order, so once it accepts the toy's photo
        // (below) it has the other grants too.
        for (String category : moreCategories) {
            journey.grant(parentToken.get(), child, category, noticeVersion).expect(201);
        }
        journey.grant(parentToken.get(), child, "PHOTOS", noticeVersion).expect(201);
        ApiClient profileService = service(platform.service(Platform.PROFILE).baseUrl());
        DisplayNamesApi displayNames = new DisplayNamesApi(profileService);
        ProfileApi profiles = new ProfileApi(profileService);
        ToyPairingApi pairing = new ToyPairingApi(profileService);
        Supplier<String> atProfile = new ExchangedToken(parentToken, platform, KidSafeRealm.PROFILE);
        // A toy greets the child by name, so pairing needs the child's profile first.
        String displayName = Answer.of(() -> displayNames.suggestDisplayNamesWithHttpInfo(1, bearer(atProfile.get()))).expect(200)
                .getSuggestions().get(0);
        ProfileRequest profile = new ProfileRequest().displayName(displayName).ageBand(AgeBand.AGE_8_10).avatar(Avatar.BEAR).preferredLanguage("en-US");
        until(() -> Answer.of(() -> profiles.replaceProfileWithHttpInfo(child, profile, bearer(atProfile.get()))),
                response -> response.status() == 200, "the child's profile");
        String code = until(() -> Answer.of(() -> pairing.createPairingCodeWithHttpInfo(child, bearer(atProfile.get()))),
                response -> response.status() == 201, "pairing code").body().getCode();
        String deviceId = "bench-toy-" + UUID.randomUUID();
        PairingRequest redemption = new PairingRequest().code(code).deviceId(deviceId);
        ToyCredentialsView credentials = Answer.of(() -> new ToysApi(profileService).pairToyWithHttpInfo(redemption)).expect(201);
        String issued = KeycloakTokens.toy(platform.keycloak().issuer(), credentials.getUsername(), credentials.getSecret()).accessToken();
        // Uploads go straight to media-service: with the token the gateway would send it (issue 16 item 4).
        String toy = new ExchangedToken(() -> issued, platform, KidSafeRealm.MEDIA).get();
        Family family = new Family(platform, parentToken, child, toy, credentials);
        ToysApi upload = new ToysApi(service(platform.service(Platform.MEDIA).baseUrl()));
        Map<String, String> photo = new HashMap<>(bearer(toy));
        photo.put("Content-Type", "image/png");
        until(() -> Answer.of(() -> upload.uploadMediaWithHttpInfo(TINY_PNG, photo)), response -> response.status() == 201,
                "the toy's first photo");
        return family;
    }

    /**
     * The generated client straight to one service: a service serves the operations it owns at the document's paths
     * without the gateway's {@code /api} prefix. The token goes with each call ({@link #bearer}).
     */
    private static ApiClient service(String serviceUrl) {
        ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)), ApiClient.createDefaultObjectMapper(), serviceUrl);
        client.setReadTimeout(Duration.ofSeconds(60));
        client.setRequestInterceptor(request -> request.uri(URI.create(request.copy().build().uri().toString().replaceFirst("/api/", "/"))));
        return client;
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    UUID childId() {
        return childId;
    }

    /** A fresh access token of the family's toy, as the toy sends it to the gateway (its password grant, issue 22 item 4). */
    String toyTokenForGateway() {
        return KeycloakTokens.toy(platform.keycloak().issuer(), toy.getUsername(), toy.getSecret()).accessToken();
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

    /** The child's item count as media-service reports it to the parent (the parent's review through the gateway). */
    long heldItems() {
        KidSafeApi parent = KidSafeApi.forToken(URI.create(platform.gatewayUrl()), parentToken);
        AggregatedDocument held = Answer.of(() -> parent.api(ParentsReviewApi::new).getChildHoldingsWithHttpInfo(childId, null)).expect(200);
        return held.getServices().stream().filter(section -> Platform.MEDIA.equals(section.getService()))
                .flatMap(section -> section.getHoldings().stream()).mapToLong(Holding::getCount).sum();
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
    static <T> Answer<T> until(Supplier<Answer<T>> call, Predicate<Answer<T>> done, String what) {
        Instant deadline = Instant.now().plus(PROJECTION_WAIT);
        Answer<T> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Gave up waiting for " + what + "; last answer " + (last == null ? "none" : last.status() + " " + last.problem()));
    }
}
