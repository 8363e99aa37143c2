package org.kidsafe.consent.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * GET /v1/keys as a typed JWKS (RFC 7517), so the OpenAPI document names a {@code Jwk} schema instead of a map of
 * lists of maps (issue 20 item 1). The JSON is the one {@code ServiceSigningKey.jwks()} builds.
 */
@Schema(name = "JwkSet", description = "A JSON Web Key Set (RFC 7517): the current signing key first, then retired ones still kept")
public record JwkSet(List<Jwk> keys) {

    static JwkSet of(Map<String, List<Map<String, Object>>> jwks) {
        return new JwkSet(jwks.get("keys").stream().map(Jwk::of).toList());
    }

    /** One public key; KidSafe signs with ES256 (EC P-256), so n and e (RSA) are absent today. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Jwk", description = "A public JSON Web Key (RFC 7517)")
    public record Jwk(
            @Schema(description = "Key type", example = "EC") String kty,
            @Schema(description = "Key id, as in a JWS header's kid") String kid,
            @Schema(description = "Intended use", example = "sig") String use,
            @Schema(description = "Algorithm", example = "ES256") String alg,
            @Schema(description = "RSA modulus (base64url)") String n,
            @Schema(description = "RSA exponent (base64url)") String e,
            @Schema(description = "EC curve", example = "P-256") String crv,
            @Schema(description = "EC x coordinate (base64url)") String x,
            @Schema(description = "EC y coordinate (base64url)") String y) {

        static Jwk of(Map<String, Object> jwk) {
            return new Jwk(text(jwk, "kty"), text(jwk, "kid"), text(jwk, "use"), text(jwk, "alg"), text(jwk, "n"),
                    text(jwk, "e"), text(jwk, "crv"), text(jwk, "x"), text(jwk, "y"));
        }

        private static String text(Map<String, Object> jwk, String member) {
            Object value = jwk.get(member);
            return value == null ? null : value.toString();
        }
    }
}
