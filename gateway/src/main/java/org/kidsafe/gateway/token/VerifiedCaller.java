package org.kidsafe.gateway.token;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What Quarkus OIDC established about a caller's token, kept in the {@link TokenCache} (issue 22 item 3) so that the
 * caller's next requests are not verified again: the token's claims (its payload, without the signature, so the entry
 * cannot be replayed as a token), the roles and the identity's request-independent attributes. Usable until the
 * token's {@code exp}, never later; {@code keyId} is the key that signed it.
 */
record VerifiedCaller(Map<String, Object> claims, Set<String> roles, Map<String, Object> attributes, Instant reusableUntil,
                      String keyId) implements CachedToken {

    /** From the identity Quarkus OIDC built for {@code token}, which it has verified. */
    static VerifiedCaller of(SecurityIdentity verified, String token) {
        Map<String, Object> claims = parse(Jwts.claims(token).orElse("{}"));
        Map<String, Object> attributes = new HashMap<>();
        // The request the token came with is not part of what was verified: each request adds its own.
        verified.getAttributes().forEach((name, value) -> {
            if (!(value instanceof RoutingContext)) {
                attributes.put(name, value);
            }
        });
        return new VerifiedCaller(claims, Set.copyOf(verified.getRoles()), Map.copyOf(attributes), expiry(claims),
                Jwts.keyId(token));
    }

    /** The identity of one request that presents the token again, as Quarkus OIDC would have built it. */
    SecurityIdentity identity(AccessTokenCredential credential, RoutingContext request) {
        // A JwtClaims of its own for each request: the principal replaces claims it is given with converted values,
        // so none is shared. Copied from the claims parsed once, not parsed again (a JSON parse per request was 6% of
        // the gateway's CPU in a profile of the gateway benchmark, issue 22).
        JwtClaims parsed = new JwtClaims();
        claims.forEach(parsed::setClaim);
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new OidcJwtCallerPrincipal(parsed, credential))
                .addCredential(credential)
                .addRoles(roles)
                .addAttributes(attributes);
        if (request != null) {
            identity.addAttribute(RoutingContext.class.getName(), request);
        }
        return identity.build();
    }

    /** The claims of a verified token's payload, parsed once; none when it is not JSON (the entry is then not kept). */
    private static Map<String, Object> parse(String payload) {
        try {
            return Collections.unmodifiableMap(JwtClaims.parse(payload).getClaimsMap());
        } catch (InvalidJwtException e) {
            return Map.of();
        }
    }

    /** The token's {@code exp}; a token without one is not kept (Quarkus OIDC requires it anyway). */
    private static Instant expiry(Map<String, Object> claims) {
        return claims.get("exp") instanceof Number exp ? Instant.ofEpochSecond(exp.longValue()) : Instant.EPOCH;
    }
}
