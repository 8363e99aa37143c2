package org.kidsafe.crypto.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * Compact JWS with ES256 (ECDSA P-256, SHA-256), the format of erasure reports and receipts.
 * Verification accepts ES256 only: {@code alg: none} and algorithm swaps are refused.
 */
public final class Es256Jws {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    private Es256Jws() {
    }

    /** Signs any JSON-serialisable claims object. */
    public static String sign(Object claims, String keyId, PrivateKey key) {
        try {
            String header = encode(MAPPER.writeValueAsBytes(Map.of("alg", "ES256", "typ", "JWT", "kid", keyId)));
            String payload = encode(MAPPER.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + encode(signer.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign", e);
        }
    }

    /** The verified claims; throws {@link InvalidSignatureException} for anything not signed by {@code key}. */
    public static JsonNode verify(String jws, PublicKey key) {
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidSignatureException("Not a compact JWS");
        }
        try {
            JsonNode header = MAPPER.readTree(DECODER.decode(parts[0]));
            if (!"ES256".equals(header.path("alg").asText())) {
                throw new InvalidSignatureException("Only ES256 is accepted");
            }
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(DECODER.decode(parts[2]))) {
                throw new InvalidSignatureException("Signature does not match");
            }
            return MAPPER.readTree(DECODER.decode(parts[1]));
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            throw new InvalidSignatureException("Unverifiable JWS: " + e.getClass().getSimpleName());
        }
    }

    /** The key id in a JWS header, read without verifying, to pick the verification key. */
    public static String keyId(String jws) {
        try {
            return MAPPER.readTree(DECODER.decode(jws.substring(0, jws.indexOf('.')))).path("kid").asText(null);
        } catch (RuntimeException | java.io.IOException e) {
            throw new InvalidSignatureException("Not a compact JWS");
        }
    }

    private static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** A JWS that is malformed or not signed by the expected key. */
    public static final class InvalidSignatureException extends RuntimeException {

        public InvalidSignatureException(String message) {
            super(message);
        }
    }
}
