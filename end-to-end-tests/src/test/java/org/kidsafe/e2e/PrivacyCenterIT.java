package org.kidsafe.e2e;

import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The parents' privacy center in a real browser: headless Chromium driven by Playwright
 * ({@code src/test/browser/privacy-center.mjs}) through the real Keycloak sign-in, consent, pairing, export and
 * erasure with a receipt verified in the page (another child's valid receipt refused; one signed before a key rotation
 * still verified), on a desktop and a phone-sized screen and with the keyboard alone.
 * Screenshots, the downloaded export and the script's output (journey.log) stay in {@code target/privacy-center/}.
 */
class PrivacyCenterIT {

    private static final Path ARTIFACTS = Path.of(System.getProperty("kidsafe.e2e.artifacts", "target/privacy-center"));

    @Test
    void aParentSeesAndControlsEverythingInTheBrowser() throws Exception {
        Platform platform = RunningPlatform.get();

        // Another parent's child, erased before consent-service's key is rotated: its receipt must still verify in the
        // page, and must be refused as the receipt of Alice's child (issue 18 item 4).
        Family other = Family.withConsents(DevRealm.BOB, "PHOTOS");
        UUID otherErasure = other.journey.deleteChild(other.parent, other.child);
        String otherReceipt = other.journey.awaitReceipt(other.parent, otherErasure, Duration.ofMinutes(2)).getReceipt();
        String rotated = platform.rotateSigningKey(Platform.CONSENT);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SigningKeyRotationIT.currentKeyId(other.journey).equals(rotated));

        BrowserJourney.run("privacy-center.mjs", ARTIFACTS, Map.of(
                        "FOREIGN_RECEIPT", otherReceipt,
                        "FOREIGN_ERASURE_ID", otherErasure.toString(),
                        "FOREIGN_CHILD_ID", other.child.toString(),
                        "GATEWAY_URL", platform.gatewayUrl(),
                        "MAILBOX_URL", platform.mailbox().webUrl(),
                        "PARENT_USERNAME", DevRealm.ALICE.username(),
                        "PARENT_PASSWORD", DevRealm.ALICE.password()),
                Duration.ofMinutes(5));
    }
}
