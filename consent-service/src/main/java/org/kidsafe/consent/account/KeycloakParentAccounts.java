package org.kidsafe.consent.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.secrets.SecretFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deletes a parent's Keycloak user through the Admin REST API with the client-credentials token of
 * {@link ParentAccountSettings#clientId()}. A token per deletion: deletions are rare (a parent leaving, an idle purge).
 * The parent's id is their Keycloak user id (the token subject). Never called inside a transaction (issue 21).
 */
@ApplicationScoped
public class KeycloakParentAccounts implements ParentAccounts {

    private final ParentAccountSettings settings;
    private final SecretFiles secrets;
    private final ObjectMapper json;
    private final HttpClient http;

    KeycloakParentAccounts(ParentAccountSettings settings, SecretFiles secrets, ObjectMapper json) {
        this.settings = settings;
        this.secrets = secrets;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void delete(UUID parentId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/admin/realms/" + settings.realm() + "/users/" + parentId))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token())
                .DELETE()
                .build());
        // 404: already gone (deleted by an earlier attempt whose answer was lost, or by an operator).
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new ParentAccountsUnavailableException("Keycloak refused to delete a parent's user: HTTP " + response.statusCode());
        }
    }

    private String token() {
        String secret = secrets.current(SecretFiles.KEYCLOAK_CLIENT, settings.clientSecret())
                .orElseThrow(() -> new ParentAccountsUnavailableException("No secret for " + settings.clientId() + " is configured"));
        String form = "grant_type=client_credentials&client_id=" + encode(settings.clientId()) + "&client_secret=" + encode(secret);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/realms/" + settings.realm() + "/protocol/openid-connect/token"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        if (response.statusCode() != 200) {
            throw new ParentAccountsUnavailableException("Keycloak refused the token of " + settings.clientId() + ": HTTP " + response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            return body.path("access_token").asText();
        } catch (IOException e) {
            throw new ParentAccountsUnavailableException("Keycloak's token answer was not JSON");
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ParentAccountsUnavailableException("Keycloak unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParentAccountsUnavailableException("Interrupted");
        }
    }

    private String base() {
        return settings.url().replaceAll("/+$", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
