package org.kidsafe.bench;

import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.util.function.Supplier;

/**
 * What a service accepts when the benchmark calls it directly, bypassing the gateway: the parent's token exchanged
 * with the gateway's credential for that service's audience (issue 16 item 4), again whenever the parent's changes.
 */
final class ExchangedToken implements Supplier<String> {

    private final Supplier<String> parentToken;
    private final String issuer;
    private final String audience;
    private String subject;
    private String exchanged;

    ExchangedToken(Supplier<String> parentToken, String issuer, String audience) {
        this.parentToken = parentToken;
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public synchronized String get() {
        String current = parentToken.get();
        if (!current.equals(subject)) {
            exchanged = KeycloakTokens.exchange(issuer, KidSafeRealm.GATEWAY, DevRealm.GATEWAY_SECRET, current, audience).accessToken();
            subject = current;
        }
        return exchanged;
    }
}
