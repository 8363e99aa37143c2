package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KeycloakServer keycloak;
    private final DevRealm.DemoUser parent;

    ParentSessions(KeycloakServer keycloak, DevRealm.DemoUser parent) {
        this.keycloak = keycloak;
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
        String clients = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME + "/clients";
        ObjectNode client = (ObjectNode) send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + clientId)).GET()).get(0);
        client.with("attributes").put("access.token.lifespan", Long.toString(lifespan.toSeconds()));
        send(HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + keycloak.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak admin API: HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak admin API unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
