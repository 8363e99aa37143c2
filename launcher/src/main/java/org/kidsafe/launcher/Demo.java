package org.kidsafe.launcher;

import org.kidsafe.api.client.model.AggregatedSection;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.api.client.model.Holding;
import org.kidsafe.api.client.model.NoticeView;
import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.client.Answer;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code ./kidsafe demo}: a scripted parent journey against the platform {@code ./kidsafe up}
 * started, printing each step: sign-in, verification, consent, profile, a paired toy's photo and
 * chat, the parent's review, and the deletion of the child with its verified erasure receipt.
 */
public final class Demo {

    private static int step;

    private Demo() {
    }

    public static void main(String[] args) {
        Ports ports = Ports.standard();
        ParentJourney journey = new ParentJourney("http://127.0.0.1:" + ports.gateway(),
                "http://127.0.0.1:" + ports.keycloak() + "/realms/kidsafe", "http://127.0.0.1:" + ports.mailbox() + "/messages");
        try {
            run(journey);
            System.out.println("\nThe demo completed: every step answered as a parent would expect.");
        } catch (RuntimeException e) {
            System.err.println("\nThe demo stopped at step " + step + ": " + e.getMessage());
            System.err.println("Is the platform running? Start it with ./kidsafe up");
            System.exit(1);
        }
    }

    private static void run(ParentJourney journey) {
        String alice = show("Alice signs in to the parent app (Keycloak)", () -> journey.signIn(DevRealm.ALICE.username(), DevRealm.ALICE.password()),
                token -> "access token of " + token.length() + " characters");
        NoticeView notice = show("The app shows the current direct notice", journey::currentNotice,
                n -> "notice version " + n.getVersion() + ", hash " + n.getContentHash());
        UUID child = show("Alice registers her child", () -> journey.registerChild(alice), id -> "child " + id);
        show("Alice verifies she is a parent by email plus (code read from the development mailbox)",
                () -> journey.verifyByEmail(alice, DevRealm.ALICE.username()), passed -> passed.getMethod()
                        + ", assurance level " + passed.getAssuranceLevel());
        int version = notice.getVersion();
        for (String category : new String[] {"PROFILE", "PHOTOS", "CHAT"}) {
            show("Alice consents to " + category, () -> journey.grant(alice, child, category, version).expect(201),
                    consent -> "granted under notice v" + consent.getNoticeVersion());
        }
        show("Disclosure to third parties needs a stronger verification", () -> journey.grant(alice, child, "THIRD_PARTY_DISCLOSURE", version),
                refused -> "HTTP " + refused.status() + ": " + refused.problem().getDetail());
        String name = show("The app suggests safe display names", () -> journey.suggestDisplayNames(alice).get(0), n -> "picked " + n);
        show("A name that looks like personal information is refused", () -> eventually(() -> journey.putProfile(alice, child, "Emma Johnson")),
                refused -> "HTTP " + refused.status() + ": " + refused.problem().getDetail());
        show("Alice creates the child's profile", () -> eventually(() -> journey.putProfile(alice, child, name)).expect(200),
                profile -> "profile for " + profile.getDisplayName());
        String code = show("Alice asks for a pairing code for the toy", () -> journey.createPairingCode(alice, child), c -> "code " + c);
        String toy = show("The toy redeems the code and gets its own identity", () -> journey.pairToy(code, "demo-toy-" + UUID.randomUUID()),
                token -> "toy access token of " + token.length() + " characters");
        show("The toy uploads a photo (metadata stripped, encrypted under the child's key)",
                () -> eventually(() -> journey.uploadPhoto(toy, tinyPng(), "image/png")).expect(201), item -> "stored item " + item.getId());
        show("The child's chat has a phone number, which is masked", () -> journey.sendChatFromToy(toy, "call me at 555-123-4567").expect(201),
                chat -> "masked before storage: " + chat.getMaskedKinds());
        show("Alice reviews what each service holds", () -> journey.holdings(alice, child), holdings -> holdings.getServices().stream()
                .map(Demo::held).collect(Collectors.joining("; ")));
        show("Alice downloads the export", () -> journey.export(alice, child), export -> "sections of " + export.getServices().stream()
                .map(AggregatedSection::getService).collect(Collectors.joining(", ")) + (Boolean.TRUE.equals(export.getPartial()) ? " (partial)" : ""));
        UUID erasure = show("Alice deletes her child's data everywhere", () -> journey.deleteChild(alice, child), id -> "erasure " + id);
        ErasureView done = show("Every service erases and reports; consent-service issues the receipt",
                () -> journey.awaitReceipt(alice, erasure, Duration.ofMinutes(2)), e -> "status " + e.getStatus());
        show("Anyone can verify the receipt with the published key; it is this erasure's, for this child",
                () -> journey.verifyReceipt(done.getReceipt(), erasure, child),
                claims -> "live data unreadable since " + claims.path("unreadableAt").asText()
                        + " (T1); backups and WAL unreadable by " + claims.path("backupsUnreadableAt").asText()
                        + " (T2, the KEK that wrapped the child's keys there retired); " + claims);
    }

    /**
     * Consent and pairing reach profile-service and media-service as events, a moment after the
     * parent's call: until then they do not know the child (404) or the consent or toy (403).
     */
    private static <T> Answer<T> eventually(java.util.function.Supplier<Answer<T>> call) {
        Answer<T> response = call.get();
        for (int attempt = 0; attempt < 60 && (response.status() == 403 || response.status() == 404); attempt++) {
            Pause.of(Duration.ofMillis(250));
            response = call.get();
        }
        return response;
    }

    /** One service's holdings in a line: what it holds of each kind, or that it could not be reached. */
    private static String held(AggregatedSection section) {
        if (!Boolean.TRUE.equals(section.getAvailable())) {
            return section.getService() + " unavailable";
        }
        List<Holding> holdings = section.getHoldings() == null ? List.of() : section.getHoldings();
        return section.getService() + ": " + (holdings.isEmpty() ? "nothing" : holdings.stream()
                .map(holding -> holding.getCount() + " " + holding.getKind()).collect(Collectors.joining(", ")));
    }

    private static <T> T show(String description, java.util.function.Supplier<T> action, java.util.function.Function<T, String> outcome) {
        step++;
        System.out.printf("%2d. %s%n", step, description);
        T result = action.get();
        System.out.println("    -> " + outcome.apply(result));
        return result;
    }

    private static byte[] tinyPng() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, Color.ORANGE.getRGB());
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
