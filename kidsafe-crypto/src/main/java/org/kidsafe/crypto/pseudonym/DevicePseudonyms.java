package org.kidsafe.crypto.pseudonym;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The pseudonym of a toy's device id: base64url (no padding, 43 characters) of HMAC-SHA-256 under the
 * deployment's pseudonymisation key ({@link PseudonymisationSettings}). Device ids are persistent identifiers
 * under COPPA; issue 16 lets them leave profile-service only in this form (events, Keycloak's
 * {@code device_pseudonym} attribute and so the tokens' {@code device_id} claim, media-service's projection).
 * Deterministic on purpose, so every holder matches the same value; keyed, so a list of device ids cannot be
 * turned into pseudonyms without the key. Dev and test runs without a key get a throw-away one (pseudonyms do
 * not survive a restart); a production run without one refuses to start.
 */
@ApplicationScoped
public class DevicePseudonyms {

    /** Bytes of the key: 256 bits, the output size of HMAC-SHA-256. */
    public static final int KEY_BYTES = 32;
    /** Length of a pseudonym: base64url of 32 bytes without padding. */
    public static final int LENGTH = 43;

    private static final Logger LOG = Logger.getLogger(DevicePseudonyms.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    @Inject
    public DevicePseudonyms(PseudonymisationSettings settings) {
        this(load(settings, LaunchMode.current()));
    }

    /** With a raw key, for tools that run outside a service (the launcher's toy migration) and for tests. */
    public DevicePseudonyms(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("The pseudonymisation key must be exactly " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The pseudonym of a device id. */
    public String of(String deviceId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(deviceId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Reads a key file: base64 of 32 bytes (the launcher writes one; operators mount theirs). */
    public static byte[] read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "pseudonymisation key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pseudonymisation key file " + file, e);
        }
    }

    static byte[] load(PseudonymisationSettings settings, LaunchMode mode) {
        if (settings.keyFile().isPresent()) {
            return read(settings.keyFile().get());
        }
        if (settings.key().isPresent()) {
            return decode(settings.key().get(), "kidsafe.pseudonymisation.key");
        }
        if (mode != LaunchMode.NORMAL) {
            LOG.warn("No kidsafe.pseudonymisation.key-file: device pseudonyms use a throw-away key (dev/test only)");
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            return key;
        }
        throw new IllegalStateException("kidsafe.pseudonymisation.key-file (or kidsafe.pseudonymisation.key) is required in production");
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(source + " must hold base64 of exactly " + KEY_BYTES + " bytes");
        }
        return key;
    }
}
