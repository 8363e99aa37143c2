package org.kidsafe.e2e;

import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;

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
 * Real data the attacks aim at, made once per test JVM through the public API: Alice's child with a
 * profile, a paired toy, a photo, chat both ways, a pending pairing code, a finished erasure and a
 * signed consent form under review; and Bob's child with his own paired toy, the attackers'
 * vantage point (another parent, and a toy paired to another child).
 */
final class Victim {

    private static Victim shared;

    public final UUID child;
    public final UUID erasedChild;
    public final UUID erasure;
    public final UUID photo;
    public final byte[] photoBytes = png();
    public final UUID consentForm;
    public final String displayName;
    public final String toyDevice;
    public final String toyChatText;
    public final String parentChatText;
    public final String pairingCode;
    public final Toy toy;
    /** Bob's own child, the toy paired to it, its photo, and an erasure of another child of Bob's. */
    public final UUID attackersChild;
    public final Toy attackersToy;
    public final UUID attackersPhoto;
    public final UUID attackersErasure;

    /** A toy's credentials (password grant on the shared toy client): tokens are fetched fresh (they live five minutes). */
    public record Toy(String deviceId, String username, String secret) {
        public String token() {
            return KeycloakTokens.toy(RunningPlatform.get().keycloak().issuer(), username, secret).accessToken();
        }
    }

    private Victim() {
        ParentJourney journey = Accounts.journey();
        int notice = journey.currentNotice().getVersion();
        String tag = letters();

        String alice = Accounts.alice();
        child = childWithEverything(journey, alice, DevRealm.ALICE.username(), notice);
        displayName = "QuietHeron" + tag;
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.putProfile(alice, child, displayName).status() == 200);
        toyDevice = "victim-toy-" + UUID.randomUUID();
        toy = pair(journey, alice, child, toyDevice);
        photo = await().atMost(Duration.ofSeconds(60)).until(
                () -> journey.uploadPhoto(toy.token(), photoBytes, "image/png"), answer -> answer.status() == 201).body().getId();
        toyChatText = "toysecret" + letters();
        journey.sendChatFromToy(toy.token(), toyChatText).expect(201);
        parentChatText = "parentsecret" + letters();
        journey.sendChatToToy(alice, child, parentChatText).expect(201);
        pairingCode = journey.createPairingCode(alice, child);
        consentForm = journey.uploadConsentForm(alice, png(), "image/png").expect(201).getFormId();
        erasedChild = journey.registerChild(alice);
        erasure = journey.deleteChild(alice, erasedChild);
        journey.awaitReceipt(alice, erasure, Duration.ofMinutes(2));

        String bob = Accounts.bob();
        attackersChild = childWithEverything(journey, bob, DevRealm.BOB.username(), notice);
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.putProfile(bob, attackersChild, "BoldBadger" + tag).status() == 200);
        attackersToy = pair(journey, bob, attackersChild, "attacker-toy-" + UUID.randomUUID());
        attackersPhoto = await().atMost(Duration.ofSeconds(60)).until(
                () -> journey.uploadPhoto(attackersToy.token(), png(), "image/png"), answer -> answer.status() == 201).body().getId();
        attackersErasure = journey.deleteChild(bob, journey.registerChild(bob));
    }

    public static synchronized Victim get() {
        if (shared == null) {
            shared = new Victim();
        }
        return shared;
    }

    /**
     * What only Alice's side may ever see: none of it may appear in an answer to an attacker (unless the
     * attacker sent it in the request, e.g. an id in the path).
     */
    public List<String> secrets() {
        return List.of(child.toString(), erasedChild.toString(), erasure.toString(), photo.toString(), consentForm.toString(),
                displayName, toyDevice, toyChatText, parentChatText, pairingCode, DevRealm.ALICE.id(), DevRealm.ALICE.username(),
                toy.username());
    }

    private static UUID childWithEverything(ParentJourney journey, String parent, String email, int notice) {
        UUID child = journey.registerChild(parent);
        journey.verifyByEmailOnce(parent, email);
        for (String category : List.of("PROFILE", "PHOTOS", "VOICE", "CHAT")) {
            journey.grant(parent, child, category, notice).expect(201);
        }
        return child;
    }

    /** Pairs a toy with the child and waits until media-service knows it. */
    static Toy pair(ParentJourney journey, String parent, UUID child, String deviceId) {
        String code = journey.createPairingCode(parent, child);
        ToyCredentialsView credentials = journey.redeemPairingCode(code, deviceId).expect(201);
        Toy toy = new Toy(deviceId, credentials.getUsername(), credentials.getSecret());
        // media-service learns the pairing from an event: wait until the toy is known there.
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.chatInbox(toy.token()).status() == 200);
        return toy;
    }

    /** Random lower-case letters: a marker that no chat filter masks and no other data contains by chance. */
    static String letters() {
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 12; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    /** A small valid PNG of random pixels, so that its bytes occur nowhere else. */
    public static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
