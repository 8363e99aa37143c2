package org.kidsafe.gateway.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletionException;

/**
 * The gateway's verified-token cache (issue 22 item 3): Quarkus OIDC checks a caller's token (signature, issuer,
 * {@code exp}, audience) once, and the caller's next requests with the same token take the result from the one
 * {@link TokenCache} (keyed by the token's SHA-256, never beyond its {@code exp}, emptied when a new signing key
 * appears) instead of checking the signature again. Quarkus OIDC has no such cache for locally verified JWTs (its
 * {@code quarkus.oidc.token-cache} holds introspection and UserInfo results only), so this provider runs before
 * Quarkus OIDC's own and calls it on a miss. Tokens without a JWT's shape go straight to Quarkus OIDC.
 */
@ApplicationScoped
class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** The cache entries of this kind ({@link TokenCache}'s other entries are keyed by a service's audience). */
    static final String PURPOSE = "verified";

    private final OidcIdentityProvider oidc;
    private final TokenCache cache;
    private final Counter verifications;

    VerifiedTokens(OidcIdentityProvider oidc, TokenCache cache, MeterRegistry metrics) {
        this.oidc = oidc;
        this.cache = cache;
        this.verifications = Counter.builder("kidsafe.gateway.token.verifications")
                .description("Caller tokens verified by Quarkus OIDC (verified-token cache misses)").register(metrics);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before Quarkus OIDC's provider (which has the default priority), whose check this one wraps. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential) || !Jwts.hasJwtShape(credential.getToken())) {
            return oidc.authenticate(request, context);
        }
        String token = credential.getToken();
        var verified = cache.<VerifiedCaller>get(token, PURPOSE, () -> {
            verifications.increment();
            return oidc.authenticate(request, context)
                    .map(identity -> VerifiedCaller.of(identity, token))
                    .subscribeAsCompletionStage();
        });
        return Uni.createFrom().completionStage(verified)
                .onFailure(CompletionException.class).transform(failure -> failure.getCause() == null ? failure : failure.getCause())
                .map(caller -> caller.identity(credential, HttpSecurityUtils.getRoutingContextAttribute(request)));
    }
}
