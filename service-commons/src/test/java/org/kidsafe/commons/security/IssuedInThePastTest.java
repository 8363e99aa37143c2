package org.kidsafe.commons.security;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class IssuedInThePastTest {

    private final IssuedInThePast validator = new IssuedInThePast();

    @Test
    void aTokenIssuedNowOrWithinTheSkewIsAccepted() throws Exception {
        assertNull(validator.validate(issuedInSeconds(0)));
        assertNull(validator.validate(issuedInSeconds(IssuedInThePast.ALLOWED_SKEW_SECONDS)));
        assertNull(validator.validate(issuedInSeconds(-3600)));
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() throws Exception {
        assertNotNull(validator.validate(issuedInSeconds(IssuedInThePast.ALLOWED_SKEW_SECONDS + 5)));
        assertNotNull(validator.validate(issuedInSeconds(3600)));
    }

    private static JwtContext issuedInSeconds(long seconds) {
        JwtClaims claims = new JwtClaims();
        NumericDate issuedAt = NumericDate.now();
        issuedAt.addSeconds(seconds);
        claims.setIssuedAt(issuedAt);
        return new JwtContext("", claims, null);
    }
}
