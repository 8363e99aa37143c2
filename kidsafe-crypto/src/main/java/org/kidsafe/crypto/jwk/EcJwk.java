package org.kidsafe.crypto.jwk;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one conversion between a P-256 public key and its JWK (RFC 7517/7518): consent-service publishes
 * its receipt key this way, and whoever checks a receipt (the demo, tests, an outside verifier) rebuilds
 * the key from the published JWKS. Only {@code kty: EC, crv: P-256} is accepted, and the point must lie
 * on the curve, so a malformed or hostile JWKS fails here rather than somewhere inside a signature check.
 */
public final class EcJwk {

    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec P256 = p256();

    private EcJwk() {
    }

    /** The public key as a JWK for a JWKS: {@code kty, crv, kid, use: sig, alg: ES256, x, y}. */
    public static Map<String, Object> publicJwk(PublicKey key, String keyId) {
        ECPublicKey ec = (ECPublicKey) key;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", "ES256");
        jwk.put("x", coordinate(ec.getW().getAffineX()));
        jwk.put("y", coordinate(ec.getW().getAffineY()));
        return jwk;
    }

    /**
     * The RFC 7638 JWK thumbprint: base64url(SHA-256) of the required members {@code crv, kty, x, y} in that order,
     * without whitespace. It is a function of the key alone, so every holder of the public key computes the same
     * value; KidSafe's key ids are built on it ({@link org.kidsafe.crypto.signing.SigningKeyIds}).
     */
    public static String thumbprint(PublicKey key) {
        ECPublicKey ec = (ECPublicKey) key;
        String members = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(ec.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(ec.getW().getAffineY()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The public key of a JWK read as JSON (one entry of a JWKS's {@code keys}). */
    public static PublicKey publicKey(JsonNode jwk) {
        return publicKey(jwk.path("kty").asText(null), jwk.path("crv").asText(null), jwk.path("x").asText(null), jwk.path("y").asText(null));
    }

    /** The public key of a JWK read as a map (one entry of a JWKS's {@code keys}). */
    public static PublicKey publicKey(Map<String, ?> jwk) {
        return publicKey(text(jwk.get("kty")), text(jwk.get("crv")), text(jwk.get("x")), text(jwk.get("y")));
    }

    private static PublicKey publicKey(String kty, String crv, String x, String y) {
        if (!"EC".equals(kty) || !"P-256".equals(crv)) {
            throw new IllegalArgumentException("Not a P-256 EC key: kty=" + kty + ", crv=" + crv);
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException("A P-256 JWK needs x and y");
        }
        ECPoint point = new ECPoint(unsigned(x), unsigned(y));
        if (!onCurve(point)) {
            throw new IllegalArgumentException("The JWK's point is not on P-256");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Unusable P-256 JWK", e);
        }
    }

    /** y² = x³ + ax + b (mod p), with both coordinates inside the field. */
    private static boolean onCurve(ECPoint point) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int copy = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - copy, fixed, COORDINATE_BYTES - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    private static BigInteger unsigned(String base64Url) {
        try {
            return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A JWK coordinate is not base64url", e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }
}
