package org.kidsafe.consent;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakDistribution;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keycloak with the development realm, whose client {@value KidSafeRealm#PARENT_ACCOUNTS} consent-service deletes
 * parents' users with (issue 19 item 5); the test drives it through the Admin REST API as the realm's administrator.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KeycloakServer keycloak;

    @Override
    public Map<String, String> start() {
        keycloak = KeycloakServer.builder(KeycloakDistribution.locate(), Path.of("target", "kidsafe-keycloak-test"))
                .realmJson(DevRealm.json())
                .start();
        return Map.of(
                "kidsafe.parent-accounts.url", keycloak.baseUrl(),
                "kidsafe.parent-accounts.client-secret", DevRealm.PARENT_ACCOUNTS_SECRET);
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /** Creates a parent's user and returns its id, which is the parent's id in KidSafe (the token subject). */
    public static UUID createParentUser() {
        String username = "parent-" + UUID.randomUUID() + "@example.org";
        return createUser("{\"username\":\"" + username + "\",\"email\":\"" + username + "\",\"enabled\":true}");
    }

    /** Creates a user holding the realm role {@code role} (besides the default {@code parent}), as an operator makes an officer. */
    public static UUID createUserWithRole(String role) {
        UUID id = createParentUser();
        String roleJson = admin("GET", "/roles/" + role, null).body();
        HttpResponse<String> mapped = admin("POST", "/users/" + id + "/role-mappings/realm", "[" + roleJson + "]");
        if (mapped.statusCode() != 204) {
            throw new AssertionError("role not mapped: " + mapped.statusCode() + " " + mapped.body());
        }
        return id;
    }

    /** Creates a toy's user as the device registrar does: a member of the group of toys, which grants the role toy. */
    public static UUID createToyUser() {
        String username = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        return createUser("{\"username\":\"" + username + "\",\"email\":\"" + username + "\",\"emailVerified\":true,\"enabled\":true,\"groups\":[\"" + KidSafeRealm.TOYS_GROUP + "\"]}");
    }

    private static UUID createUser(String json) {
        HttpResponse<String> created = admin("POST", "/users", json);
        if (created.statusCode() != 201) {
            throw new AssertionError("user not created: " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Whether the user still exists, as the realm's administrator sees it. */
    public static boolean userExists(UUID id) {
        int status = admin("GET", "/users/" + id, null).statusCode();
        if (status != 200 && status != 404) {
            throw new AssertionError("unexpected answer " + status);
        }
        return status == 200;
    }

    /** Switches the parent-accounts client on or off: off, Keycloak refuses its token, as in an outage of its credential. */
    public static void parentAccountsClientEnabled(boolean enabled) {
        String body = admin("GET", "/clients?clientId=" + KidSafeRealm.PARENT_ACCOUNTS, null).body();
        String id = body.replaceAll("(?s)^\\[\\{\"id\":\"([^\"]+)\".*$", "$1");
        HttpResponse<String> updated = admin("PUT", "/clients/" + id, "{\"enabled\":" + enabled + "}");
        if (updated.statusCode() != 204) {
            throw new AssertionError("client not updated: " + updated.statusCode());
        }
    }

    private static HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME + path))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
