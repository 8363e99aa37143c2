package org.kidsafe.e2e;

import org.kidsafe.api.client.model.JwkSet;
import org.kidsafe.launcher.client.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing keys rotate under the running platform (issue 18 item 4, issue 16 item 5): every service's key is rotated
 * as {@code ./kidsafe rotate <service> --signing-key} does, with no restart; a receipt issued before still verifies at
 * the public JWKS, the next erasure completes (consent-service accepts the participants' reports under their new keys)
 * with a receipt under consent-service's new key id, and another child's valid receipt is refused for this child.
 */
class SigningKeyRotationIT {

    private static final Duration RECEIPT_WITHIN = Duration.ofMinutes(2);

    @Test
    void aReceiptIssuedBeforeARotationVerifiesAfterItAndTheNextIsSignedWithTheNewKey() {
        Platform platform = RunningPlatform.get();
        Family before = Family.withConsents(DevRealm.ALICE, "PHOTOS");
        UUID firstErasure = before.journey.deleteChild(before.parent, before.child);
        String firstReceipt = before.journey.awaitReceipt(before.parent, firstErasure, RECEIPT_WITHIN).getReceipt();

        String consentKey = platform.rotateSigningKey(Platform.CONSENT);
        platform.rotateSigningKey(Platform.PROFILE);
        platform.rotateSigningKey(Platform.MEDIA);
        ParentJourney anyone = Accounts.journey();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> currentKeyId(anyone).equals(consentKey));

        JsonNode stillValid = withinRateLimit(() -> anyone.verifyReceipt(firstReceipt, firstErasure, before.child));
        assertEquals(firstErasure.toString(), stillValid.path("erasureId").asText(), "signed before the rotation, verified after");

        Family after = Family.withConsents(DevRealm.ALICE, "PHOTOS");
        UUID secondErasure = after.journey.deleteChild(after.parent, after.child);
        String secondReceipt = after.journey.awaitReceipt(after.parent, secondErasure, RECEIPT_WITHIN).getReceipt();
        assertEquals(consentKey, Es256Jws.keyId(secondReceipt), "the next receipt carries the new key id");
        JsonNode claims = withinRateLimit(() -> anyone.verifyReceipt(secondReceipt, secondErasure, after.child));
        assertEquals(3, claims.path("services").size(), "every participant's report, signed with its new key, was accepted");

        ParentJourney.WrongReceiptException refused = assertThrows(ParentJourney.WrongReceiptException.class,
                () -> withinRateLimit(() -> anyone.verifyReceipt(secondReceipt, firstErasure, before.child)), "another child's valid receipt");
        assertTrue(refused.getMessage().contains("child"), refused.getMessage());
    }

    /** The JWKS's first key id, or "" while the public rate limit answers 429. */
    static String currentKeyId(ParentJourney anyone) {
        Answer<JwkSet> keys = anyone.keys();
        return keys.status() == 200 ? keys.body().getKeys().get(0).getKid() : "";
    }

    /** An anonymous call repeated after the gateway's public rate limit (429), as a well-behaved client does. */
    static <T> T withinRateLimit(Supplier<T> anonymousCall) {
        for (int attempt = 1; ; attempt++) {
            try {
                return anonymousCall.get();
            } catch (IllegalStateException e) {
                if (attempt == 10 || e.getMessage() == null || !e.getMessage().contains("but got 429")) {
                    throw e;
                }
                Pause.of(Duration.ofSeconds(1));
            }
        }
    }
}
