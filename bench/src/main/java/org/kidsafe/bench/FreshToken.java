package org.kidsafe.bench;

import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A demo parent's access token, fetched again before the realm's five-minute lifespan runs out. */
final class FreshToken implements Supplier<String> {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(2);

    private final String issuer;
    private final DevRealm.DemoUser user;
    private String token;
    private Instant fetchedAt = Instant.MIN;

    FreshToken(String issuer, DevRealm.DemoUser user) {
        this.issuer = issuer;
        this.user = user;
    }

    @Override
    public synchronized String get() {
        if (token == null || Instant.now().isAfter(fetchedAt.plus(REFRESH_AFTER))) {
            token = KeycloakTokens.password(issuer, KidSafeRealm.PARENT_APP, user.username(), user.password()).accessToken();
            fetchedAt = Instant.now();
        }
        return token;
    }
}
