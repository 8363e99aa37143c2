package org.kidsafe.e2e;

import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * A verified parent's new child with consents granted through the gateway, set up the way the app
 * does it, for the fault and load tests; it can be given a profile and a paired toy.
 */
final class Family {

    /** How long profile-service and media-service may take to learn of a change by event. */
    static final Duration PROJECTION_DELAY = Duration.ofSeconds(60);

    final ParentJourney journey = Accounts.journey();
    final DevRealm.DemoUser user;
    final String parent;
    final UUID child;
    /** The current notice's version, read once: the notice is public, and the gateway limits anonymous calls per address. */
    final int notice;

    private Family(DevRealm.DemoUser user, String parent, UUID child, int notice) {
        this.user = user;
        this.parent = parent;
        this.child = child;
        this.notice = notice;
    }

    static Family withConsents(DevRealm.DemoUser user, String... categories) {
        ParentJourney journey = Accounts.journey();
        String parent = journey.signIn(user.username(), user.password());
        journey.verifyByEmailOnce(parent, user.username());
        UUID child = journey.registerChild(parent);
        Family family = new Family(user, parent, child, journey.currentNotice().getVersion());
        for (String category : categories) {
            family.grant(category);
        }
        return family;
    }

    void grant(String category) {
        journey.grant(parent, child, category, notice).expect(201);
    }

    /** Needs PROFILE consent; waits until profile-service has learnt of it. */
    Family withProfile() {
        String name = journey.suggestDisplayNames(parent).get(0);
        await().atMost(PROJECTION_DELAY).until(() -> journey.putProfile(parent, child, name).status() == 200);
        return this;
    }

    /** Pairs a new toy (the child needs a profile) and returns its device id and access token. */
    Toy pairToy() {
        String deviceId = "fault-toy-" + UUID.randomUUID();
        String code = journey.createPairingCode(parent, child);
        // Redeeming is anonymous and so rate-limited per address; a refused (429) redemption did nothing and may be repeated.
        ToyCredentialsView credentials = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> journey.redeemPairingCode(code, deviceId), answer -> answer.status() != 429).expect(201);
        String username = credentials.getUsername();
        String secret = credentials.getSecret();
        return new Toy(deviceId, username, secret, journey.toyToken(username, secret));
    }

    /** Waits until media-service knows the toy is paired (its first upload is accepted) and returns that upload's id. */
    String awaitFirstUpload(Toy toy) {
        return await().atMost(PROJECTION_DELAY).until(() -> journey.uploadPhoto(toy.token(), png(), "image/png"),
                response -> response.status() == 201).body().getId().toString();
    }

    List<String> mediaIds() {
        return journey.listMedia(parent, child).stream().map(MediaItem::getId).map(UUID::toString).toList();
    }

    record Toy(String deviceId, String username, String secret, String token) {

        /** The device's pseudonym, as the toy's token carries it in {@code device_id}. */
        String pseudonym() {
            return KeycloakTokens.payload(token).path("device_id").asText();
        }
    }

    /** A small valid photo, as a toy's camera would send. */
    static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
