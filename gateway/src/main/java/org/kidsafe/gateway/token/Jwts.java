package org.kidsafe.gateway.token;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reading the parts of a JWT whose signature is checked elsewhere (Quarkus OIDC; Keycloak's own answers). */
public final class Jwts {

    private Jwts() {
    }

    /** The header's {@code kid}, or empty. */
    public static String keyId(String jwt) {
        try {
            return part(jwt, 0).map(JsonObject::new).map(header -> header.getString("kid", "")).orElse("");
        } catch (DecodeException | ClassCastException e) {
            return "";
        }
    }

    /**
     * Whether the token has a JWT's shape: three parts, two dots. Quarkus OIDC's own test ({@code isOpaque()}) parses the
     * payload's JSON to decide, on every request; the shape is enough to route a token to the cache, where a miss is
     * verified by Quarkus OIDC as any token is, and only a token with an {@code exp} is kept.
     */
    static boolean hasJwtShape(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && second < token.length() - 1 && token.indexOf('.', second + 1) < 0;
    }

    /** The payload (the claims) as JSON text. */
    static Optional<String> claims(String jwt) {
        return part(jwt, 1);
    }

    private static Optional<String> part(String jwt, int index) {
        String[] parts = jwt.split("\\.", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
