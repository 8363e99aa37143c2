package org.kidsafe.gateway.token;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shape test that sends a token to the verified-token cache instead of Quarkus OIDC's opaque-token path. */
class JwtsTest {

    @Test
    void threeNonEmptyHeaderAndPayloadPartsHaveAJwtsShape() {
        assertTrue(Jwts.hasJwtShape("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"));
    }

    @Test
    void anythingElseGoesToQuarkusOidcAsItIs() {
        assertFalse(Jwts.hasJwtShape("opaque-token-without-dots"));
        assertFalse(Jwts.hasJwtShape("two.parts"));
        assertFalse(Jwts.hasJwtShape("a.b.c.d"));
        assertFalse(Jwts.hasJwtShape("a..c"));
        assertFalse(Jwts.hasJwtShape("a.b."));
        assertFalse(Jwts.hasJwtShape(".b.c"));
    }
}
