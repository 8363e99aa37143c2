package org.kidsafe.bench;

import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;

import java.util.function.Supplier;

/**
 * What a service accepts when the benchmark calls it directly, bypassing the gateway: the parent's token exchanged
 * with the gateway's credential for that service's audience (issue 16 item 4), again whenever the parent's changes.
 */
final class ExchangedToken implements Supplier<String> {

    private final Supplier<String> parentToken;
    private final String issuer;
    private final String gatewaySecret;
    private final String audience;
    private String subject;
    private String exchanged;

    ExchangedToken(Supplier<String> parentToken, Platform platform, String audience) {
        this.parentToken = parentToken;
        this.issuer = platform.keycloak().issuer();
        this.gatewaySecret = platform.keycloakClientSecret(Platform.GATEWAY);
        this.audience = audience;
    }

    @Override
    public synchronized String get() {
        String current = parentToken.get();
        if (!current.equals(subject)) {
            exchanged = KeycloakTokens.exchange(issuer, KidSafeRealm.GATEWAY, gatewaySecret, current, audience).accessToken();
            subject = current;
        }
        return exchanged;
    }
}
