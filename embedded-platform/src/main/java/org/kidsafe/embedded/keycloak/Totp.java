package org.kidsafe.embedded.keycloak;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * A time-based one-time code (RFC 6238) as an authenticator app makes it, with the realm's OTP policy (Keycloak's
 * default: HMAC-SHA-1, 6 digits, 30-second steps), for a secret stored as its UTF-8 bytes (Keycloak's encoding when
 * the credential names none). For the development realm's demo officer ({@link DevRealm#CAROL_OTP_SECRET}) and tests;
 * officers of a real installation use their own authenticator app. Kept in main code, not test-support, because
 * embedded-platform's own OfficerSecondFactorTest needs it and test-support depends on embedded-platform (a cycle).
 */
public final class Totp {

    private Totp() {
    }

    /** The code of {@code secret} for the 30-second step that holds {@code at}. */
    public static String code(String secret, Instant at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
