package org.kidsafe.commons.security;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

/**
 * Refuses a token whose issued-at time lies in the future. quarkus-oidc checks exp and nbf but not iat,
 * so a token minted ahead of time (by a stolen signing key, or a skewed issuer) would otherwise be
 * accepted before it could exist. quarkus-oidc applies every {@link Validator} bean to each token.
 */
@Unremovable
@ApplicationScoped
public class IssuedInThePast implements Validator {

    /** Clock skew tolerated between the issuer and this service. */
    static final long ALLOWED_SKEW_SECONDS = 30;

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        NumericDate issuedAt = context.getJwtClaims().getIssuedAt();
        if (issuedAt != null && issuedAt.getValue() > NumericDate.now().getValue() + ALLOWED_SKEW_SECONDS) {
            return "The token is issued in the future.";
        }
        return null;
    }
}
