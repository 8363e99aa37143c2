package org.kidsafe.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.util.Set;
import java.util.UUID;

/**
 * Access tokens for service tests that stand in for Keycloak with quarkus-test-oidc-server: signed
 * with its test key, issued by its issuer, for the audience the service under test checks.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    public static String parent(UUID parentId, String audience) {
        return sign(claims(parentId.toString(), audience, "parent"));
    }

    public static String complianceOfficer(UUID officerId, String audience) {
        return sign(claims(officerId.toString(), audience, "compliance-officer"));
    }

    public static String toy(String deviceId, UUID childId, String audience) {
        return sign(claims("service-account-toy-" + deviceId, audience, "toy")
                .claim("child_id", childId.toString())
                .claim("device_id", deviceId));
    }

    /** Claims of a valid token, to be varied by tests of what must be refused. */
    public static JwtClaimsBuilder claims(String subject, String audience, String role) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .groups(Set.of(role))
                .expiresIn(300);
    }

    /** Signs with the test server's key, which its JWKS publishes under key id 1. */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }
}
