package org.kidsafe.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many distinct access tokens of one demo parent (the gateway caches per token, so these are many callers to
 * it), and what the gateway would send a service for each. The benchmark's platform is its own:
 * the parent app's and the gateway's tokens are made to live long enough for the whole run.
 */
final class ParentSessions {

    private final KeycloakServer keycloak;
    private final KeycloakAdminApi admin;
    private final DevRealm.DemoUser parent;

    ParentSessions(KeycloakServer keycloak, DevRealm.DemoUser parent) {
        this.keycloak = keycloak;
        this.admin = new KeycloakAdminApi(keycloak);
        this.parent = parent;
    }

    /**
     * {@code count} distinct access tokens of the parent, living {@code lifespan}: one sign-in, then refreshes (each
     * refresh is a new access token). Many sign-ins of one user in a row trip the realm's brute-force protection
     * ("user_temporarily_disabled" without a single failure), so the tokens come from one session.
     */
    List<String> open(int count, Duration lifespan) {
        setLifespan(KidSafeRealm.PARENT_APP, lifespan);
        setLifespan(KidSafeRealm.GATEWAY, lifespan);
        KeycloakTokens.TokenResponse answer = KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, parent.username(),
                parent.password());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(answer.accessToken());
            answer = KeycloakTokens.request(keycloak.issuer(), Map.of("grant_type", "refresh_token", "client_id", KidSafeRealm.PARENT_APP,
                    "refresh_token", answer.body().get("refresh_token").asText()));
        }
        return tokens;
    }

    /** Each token exchanged by the gateway's client (with its secret) for {@code audience}, as that service receives it. */
    List<String> exchangedFor(List<String> tokens, String audience, String gatewaySecret) {
        return tokens.parallelStream()
                .map(token -> KeycloakTokens.exchange(keycloak.issuer(), KidSafeRealm.GATEWAY, gatewaySecret, token, audience)
                        .accessToken())
                .toList();
    }

    private void setLifespan(String clientId, Duration lifespan) {
        ObjectNode client = (ObjectNode) admin.call("GET", "/clients?clientId=" + clientId, null).get(0);
        client.with("attributes").put("access.token.lifespan", Long.toString(lifespan.toSeconds()));
        admin.call("PUT", "/clients/" + client.get("id").asText(), client);
    }
}
