package org.kidsafe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The local Keycloak's confidential clients' secrets, set from the data folder's keys (issue 16 item 5): at every start
 * of the platform, so the realm's development default never stays in force and an installation of a previous release
 * (which used that default) is upgraded on its next start; and by {@code ./kidsafe rotate <service> --keycloak}. Keycloak
 * keeps one secret per client (without a secret-rotation client policy, which the realm does not declare), so setting a
 * new one refuses the old at once for every new token request.
 */
final class KeycloakClientSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminUrl;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Logs in as the master realm's administrator (one token: its 60 s are enough for the few calls made). */
    KeycloakClientSecrets(String baseUrl, String admin, String adminPassword) {
        String base = baseUrl.replaceAll("/+$", "");
        this.adminUrl = base + "/admin/realms/" + KidSafeRealm.NAME;
        this.adminToken = KeycloakTokens.password(base + "/realms/master", "admin-cli", admin, adminPassword).accessToken();
    }

    /** Gives the client {@code clientId} the secret {@code secret}; its previous secret is refused from now on. */
    void setClientSecret(String clientId, String secret) {
        JsonNode found = json(send("GET", "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null));
        if (found.size() != 1) {
            throw new IllegalStateException("No single client " + clientId + " in the realm " + KidSafeRealm.NAME);
        }
        String id = found.get(0).path("id").asText();
        ObjectNode client = (ObjectNode) json(send("GET", "/clients/" + id, null));
        client.put("secret", secret);
        HttpResponse<String> updated = send("PUT", "/clients/" + id, client.toString());
        if (updated.statusCode() != 204) {
            throw new IllegalStateException("Keycloak answered HTTP " + updated.statusCode() + " to the secret of " + clientId);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak unreachable at " + adminUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak answered HTTP " + response.statusCode() + " to " + response.request().uri().getPath());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
