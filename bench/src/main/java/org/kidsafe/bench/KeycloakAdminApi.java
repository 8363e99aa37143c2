package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The benchmarks' one way to call the platform's Keycloak Admin API on the {@code kidsafe} realm, as the bootstrap
 * admin with a fresh token each call (the master realm's last a minute). HTTP/1.1: over one HTTP/2 connection parallel
 * calls' bodies queued behind each other in Keycloak (the toy benchmark's partial imports).
 */
final class KeycloakAdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final KeycloakServer keycloak;

    KeycloakAdminApi(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** {@code method path} below the realm's admin root with {@code body} as JSON (none if null); the answer, or null JSON. */
    JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME + path))
                    .header("Authorization", "Bearer " + keycloak.adminToken());
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak admin API " + method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
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
