package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.JsonAnswers.strings;

/**
 * Issue 19 item 1 review, against the real Keycloak with the realm as code: every user holds {@code parent} by default
 * and the parent app's tokens carry that role alone, so the app's browser flow ({@value KidSafeRealm#PARENT_BROWSER_FLOW})
 * refuses a compliance officer and a toy, whose correct passwords would otherwise get them a parent's token at the
 * privacy center (and, on leaving, the deletion of their user). A parent still signs in. Driven through the login form
 * as a browser does (authorization code with PKCE): the development realm's password grant on that client bypasses
 * browser flows.
 */
@ExtendWith(SharedDevKeycloak.class)
class ParentAppSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REDIRECT_URI = DevRealm.DEV_REDIRECT_URIS.get(0).replace("*", "privacy-center/");

    private static KeycloakServer keycloak;

    @BeforeAll
    static void shareKeycloak(KeycloakServer shared) {
        keycloak = shared;
    }

    @Test
    void aParentSignsInAtThePrivacyCenter() throws Exception {
        BrowserSignIn browser = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.PARENT_APP, REDIRECT_URI);
        String code = browser.submit(Map.of("username", DevRealm.ALICE.username(), "password", DevRealm.ALICE.password()))
                .orElseThrow(() -> new AssertionError("no code for a parent: " + browser.page()));
        KeycloakTokens.TokenResponse tokens = browser.token(code);
        assertTrue(tokens.ok(), tokens.body().toString());
        assertEquals(List.of(KidSafeRealm.ROLE_PARENT), strings(KeycloakTokens.payload(tokens.accessToken()).get("groups")));
    }

    @Test
    void anOfficerGetsNoParentAppCode() throws Exception {
        String password = UUID.randomUUID().toString();
        String officer = "officer-" + UUID.randomUUID() + "@example.org";
        createUser(officer, password, Optional.of(KidSafeRealm.ROLE_COMPLIANCE_OFFICER), Optional.empty());
        assertRefused(officer, password);
    }

    @Test
    void aToyGetsNoParentAppCode() throws Exception {
        String secret = "toy-secret-" + UUID.randomUUID();
        String toy = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        createUser(toy, secret, Optional.empty(), Optional.of(KidSafeRealm.TOYS_GROUP));
        assertTrue(KeycloakTokens.toy(keycloak.issuer(), toy, secret).ok(), "the toy's secret is right (its own client accepts it)");
        assertRefused(toy, secret);
    }

    private static void assertRefused(String username, String password) throws Exception {
        BrowserSignIn browser = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.PARENT_APP, REDIRECT_URI);
        Optional<String> code = browser.submit(Map.of("username", username, "password", password));
        assertTrue(code.isEmpty(), "a parent-app code for " + username);
        assertTrue(browser.page().contains("Access denied") || browser.page().contains("access_denied"),
                "Keycloak's access-denied page, not a password error: " + browser.page());
    }

    /** A user as an operator (officer, realm role) or the registrar (toy, group {@value KidSafeRealm#TOYS_GROUP}) makes one. */
    private static void createUser(String username, String password, Optional<String> realmRole, Optional<String> group) throws Exception {
        String admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
        ObjectNode user = JSON.createObjectNode().put("username", username).put("email", username).put("emailVerified", true)
                .put("firstName", "Test").put("lastName", "User").put("enabled", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        group.ifPresent(g -> user.putArray("groups").add(g));
        HttpResponse<String> created = send("POST", admin + "/users", JSON.writeValueAsString(user));
        assertEquals(201, created.statusCode(), created.body());
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        if (realmRole.isPresent()) {
            JsonNode role = JSON.readTree(send("GET", admin + "/roles/" + realmRole.get(), null).body());
            assertEquals(204, send("POST", admin + "/users/" + id + "/role-mappings/realm", "[" + role + "]").statusCode());
        }
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
