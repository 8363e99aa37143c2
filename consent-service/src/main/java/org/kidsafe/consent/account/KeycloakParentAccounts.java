package org.kidsafe.consent.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.secrets.SecretFiles;
import org.kidsafe.commons.security.DefaultParentRole;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Deletes a parent's Keycloak user through the Admin REST API with the client-credentials token of
 * {@link ParentAccountSettings#clientId()}. A token per deletion: deletions are rare (a parent leaving, an idle purge).
 * The parent's id is their Keycloak user id (the token subject). Never called inside a transaction (issue 21).
 *
 * <p>Only a parent's user goes: every user holds {@code parent} by default (issue 19 item 1), so an officer, a toy or the
 * erasure operator who once acted as a parent would otherwise lose their user here, and this client's manage-users
 * reaches every user. A user holding one of {@link DefaultParentRole#EXCLUSIVE} (effective realm roles, groups and
 * composites included) is kept: the refusal is logged with the user id for the operator, and the deletion counts as
 * done, since retrying would refuse again forever.
 */
@ApplicationScoped
public class KeycloakParentAccounts implements ParentAccounts {

    private static final Logger LOG = Logger.getLogger(KeycloakParentAccounts.class);

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
        String token = token();
        String user = base() + "/admin/realms/" + settings.realm() + "/users/" + parentId;
        HttpResponse<String> roles = send(HttpRequest.newBuilder(URI.create(user + "/role-mappings/realm/composite"))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
        if (roles.statusCode() == 404) {
            return;
        }
        if (roles.statusCode() != 200) {
            throw new ParentAccountsUnavailableException("Keycloak refused to list a parent's roles: HTTP " + roles.statusCode());
        }
        List<String> notParentsAlone = exclusiveRoles(roles.body());
        if (!notParentsAlone.isEmpty()) {
            LOG.errorf("Kept Keycloak user %s instead of deleting it as a leaving parent: it holds %s (not a parent's user alone)",
                    parentId, notParentsAlone);
            return;
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(user))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build());
        // 404: already gone (deleted by an earlier attempt whose answer was lost, or by an operator).
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new ParentAccountsUnavailableException("Keycloak refused to delete a parent's user: HTTP " + response.statusCode());
        }
    }

    private List<String> exclusiveRoles(String roleList) {
        try {
            return json.readTree(roleList).findValuesAsText("name").stream().filter(DefaultParentRole.EXCLUSIVE::contains).toList();
        } catch (IOException e) {
            throw new ParentAccountsUnavailableException("Keycloak's role list was not JSON");
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
