package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kidsafe.embedded.keycloak.KeycloakTokens.TokenResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kidsafe.embedded.keycloak.JsonAnswers.json;
import static org.kidsafe.embedded.keycloak.JsonAnswers.strings;
import static org.kidsafe.embedded.keycloak.JsonAnswers.encode;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.DevRealm.ALICE;

/**
 * Issue 16 item 2, "a registrar that can only make toys", played against the real Keycloak with the registrar's
 * OWN credential (client credentials of {@value KidSafeRealm#DEVICE_REGISTRAR}, as profile-service holds it), the
 * attacks of docs/design/toy-identity.md section 4. Each refusal is checked as "not 2xx" (Keycloak answers some
 * with 500, design section 10.3) and "no effect", seen with the master realm's admin. And the one thing it may do:
 * create a toy in /toys, whose password grant on {@value KidSafeRealm#TOY_CLIENT} gives a token with the child,
 * the device pseudonym and the role toy, and delete it again, which ends its offline session.
 *
 * <p>Fails on the registrar of before (manage-clients): it could create clients.
 */
@ExtendWith(SharedDevKeycloak.class)
class ToyRegistrarContainmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PSEUDONYM = "UDecl-hNs1cxZ-nbX0tqaZ2h3P7tiZhop0TNEZbtNn8";

    private static KeycloakServer keycloak;
    private static String admin;

    @BeforeAll
    static void shareKeycloak(KeycloakServer shared) {
        keycloak = shared;
        admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
    }

    /** The registrar's own token, from the secret profile-service holds; never an admin's. */
    private static String registrar() {
        return KeycloakTokens.clientCredentials(keycloak.issuer(), KidSafeRealm.DEVICE_REGISTRAR, DevRealm.REGISTRAR_SECRET).accessToken();
    }

    @Test
    void itCannotCreateOrReadClients() throws Exception {
        String clientId = "toy-forged-" + UUID.randomUUID();
        refused(call("POST", admin + "/clients", registrar(), Map.of("clientId", clientId, "serviceAccountsEnabled", true,
                "protocolMappers", List.of(hardcodedClaim("child_id", UUID.randomUUID().toString())))));
        assertEquals(0, json(call("GET", admin + "/clients?clientId=" + clientId, keycloak.adminToken(), null)).size());
        refused(call("GET", admin + "/clients", registrar(), null));
        refused(call("PUT", admin + "/clients/" + clientUuid(KidSafeRealm.TOY_CLIENT), registrar(),
                Map.of("clientId", KidSafeRealm.TOY_CLIENT, "fullScopeAllowed", true)));
        assertFalse(clientAsAdmin(KidSafeRealm.TOY_CLIENT).path("fullScopeAllowed").asBoolean());
    }

    @Test
    void itCannotAddAnyMapperToTheToyClientItsOwnClientOrAClientScope() throws Exception {
        List<Map<String, Object>> mappers = List.of(
                mapper("oidc-hardcoded-role-mapper", Map.of("role", "realm-management.realm-admin")),
                mapper("oidc-audience-mapper", Map.of("included.client.audience", "kidsafe-consent", "access.token.claim", "true")),
                mapper("oidc-script-based-protocol-mapper", Map.of("script", "'admin'", "claim.name", "x", "access.token.claim", "true")),
                mapper("oidc-usermodel-property-mapper", Map.of("user.attribute", "email", "claim.name", "child_id", "access.token.claim", "true")),
                hardcodedClaim("child_id", UUID.randomUUID().toString()));
        String servicesScope = clientScopeUuid(KidSafeRealm.SCOPE_SERVICES);
        List<String> targets = List.of(
                admin + "/clients/" + clientUuid(KidSafeRealm.TOY_CLIENT) + "/protocol-mappers/models",
                admin + "/clients/" + clientUuid(KidSafeRealm.DEVICE_REGISTRAR) + "/protocol-mappers/models",
                admin + "/client-scopes/" + servicesScope + "/protocol-mappers/models");
        List<Integer> before = new ArrayList<>();
        for (String target : targets) {
            before.add(json(call("GET", target, keycloak.adminToken(), null)).size());
        }
        for (String target : targets) {
            for (Map<String, Object> mapper : mappers) {
                refused(call("POST", target, registrar(), mapper));
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            assertEquals(before.get(i), json(call("GET", targets.get(i), keycloak.adminToken(), null)).size(), "no mapper added to " + targets.get(i));
        }
        refused(call("POST", admin + "/client-scopes", registrar(), Map.of("name", "forged-scope", "protocol", "openid-connect")));
    }

    @Test
    void itCannotMapRealmAdminOrAnyRealmRoleIntoAClientScopeOrOntoItself() throws Exception {
        String servicesScope = clientScopeUuid(KidSafeRealm.SCOPE_SERVICES);
        String realmManagement = clientUuid("realm-management");
        JsonNode realmAdmin = json(call("GET", admin + "/clients/" + realmManagement + "/roles/realm-admin", keycloak.adminToken(), null));
        JsonNode parent = json(call("GET", admin + "/roles/" + KidSafeRealm.ROLE_PARENT, keycloak.adminToken(), null));
        String serviceAccount = json(call("GET", admin + "/clients/" + clientUuid(KidSafeRealm.DEVICE_REGISTRAR) + "/service-account-user",
                keycloak.adminToken(), null)).path("id").asText();

        refused(call("POST", admin + "/client-scopes/" + servicesScope + "/scope-mappings/clients/" + realmManagement, registrar(), List.of(realmAdmin)));
        refused(call("POST", admin + "/client-scopes/" + servicesScope + "/scope-mappings/realm", registrar(), List.of(parent)));
        refused(call("POST", admin + "/clients/" + clientUuid(KidSafeRealm.TOY_CLIENT) + "/scope-mappings/realm", registrar(), List.of(parent)));
        refused(call("POST", admin + "/users/" + serviceAccount + "/role-mappings/clients/" + realmManagement, registrar(), List.of(realmAdmin)));
        refused(call("POST", admin + "/groups/" + KidSafeRealm.TOYS_GROUP_ID + "/role-mappings/realm", registrar(), List.of(parent)));

        String adminToken = keycloak.adminToken();
        assertEquals(0, json(call("GET", admin + "/client-scopes/" + servicesScope + "/scope-mappings/realm", adminToken, null)).size());
        assertEquals(0, json(call("GET", admin + "/client-scopes/" + servicesScope + "/scope-mappings/clients/" + realmManagement, adminToken, null)).size());
        assertFalse(call("GET", admin + "/users/" + serviceAccount + "/role-mappings/clients/" + realmManagement, adminToken, null).body()
                .contains("\"realm-admin\""));
        assertFalse(call("GET", admin + "/groups/" + KidSafeRealm.TOYS_GROUP_ID + "/role-mappings/realm", adminToken, null).body()
                .contains("\"" + KidSafeRealm.ROLE_PARENT + "\""));
    }

    @Test
    void itCannotReadCreateOrChangeUsersOutsideTheToys() throws Exception {
        String alice = ALICE.id();
        refused(call("GET", admin + "/users/" + alice, registrar(), null));
        refused(call("PUT", admin + "/users/" + alice, registrar(), Map.of("firstName", "Mallory")));
        refused(call("PUT", admin + "/users/" + alice + "/reset-password", registrar(), Map.of("type", "password", "value", "stolen-password-1234")));
        refused(call("GET", admin + "/users/" + alice + "/credentials", registrar(), null));
        refused(call("DELETE", admin + "/users/" + alice, registrar(), null));
        refused(call("PUT", admin + "/users/" + alice + "/groups/" + KidSafeRealm.TOYS_GROUP_ID, registrar(), null));
        assertEquals("Alice", json(call("GET", admin + "/users/" + alice, keycloak.adminToken(), null)).path("firstName").asText());
        assertEquals(200, KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, ALICE.username(), ALICE.password()).status());

        // Searching finds toys only, never a parent.
        assertEquals(0, json(call("GET", admin + "/users?search=example.com", registrar(), null)).size());

        String outside = "not-a-toy-" + UUID.randomUUID() + "@example.com";
        refused(call("POST", admin + "/users", registrar(), Map.of("username", outside, "email", outside, "enabled", true)));
        refused(call("POST", admin + "/users", registrar(), Map.of("username", outside, "email", outside, "enabled", true,
                "groups", List.of(KidSafeRealm.TOYS_GROUP, "/staff"))));
        assertEquals(0, json(call("GET", admin + "/users?exact=true&username=" + encode(outside), keycloak.adminToken(), null)).size());
    }

    @Test
    void itCannotReadAnotherToysSecretNorChangeRealmSettings() throws Exception {
        String secret = "toy-secret-" + UUID.randomUUID();
        String toy = createToy(UUID.randomUUID(), secret);
        HttpResponse<String> credentials = call("GET", admin + "/users/" + toy + "/credentials", registrar(), null);
        assertFalse(credentials.body().contains(secret), "the secret is never readable");
        assertFalse(credentials.body().contains("secretData"), "neither is its hash or salt");

        // Sign-up is on (issue 19 item 1): the registrar may not switch it off, nor the permissions that contain it.
        refused(call("PUT", admin, registrar(), Map.of("realm", KidSafeRealm.NAME, "registrationAllowed", false, "adminPermissionsEnabled", false)));
        JsonNode realm = json(call("GET", admin, keycloak.adminToken(), null));
        assertTrue(realm.path("registrationAllowed").asBoolean());
        assertTrue(realm.path("adminPermissionsEnabled").asBoolean());
        refused(call("PUT", admin + "/users/profile", registrar(), Map.of("attributes", List.of())));
        refused(call("POST", admin + "/identity-provider/instances", registrar(), Map.of("alias", "evil", "providerId", "oidc")));
        refused(call("GET", keycloak.baseUrl() + "/admin/realms/master/users", registrar(), null));
    }

    @Test
    void aToyItCreatesLogsInWithItsSecretCarriesChildPseudonymAndRoleAndIsGoneWhenDeleted() throws Exception {
        UUID child = UUID.randomUUID();
        String secret = "toy-secret-" + UUID.randomUUID();
        String username = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        String toy = createToy(username, child, secret);

        TokenResponse login = KeycloakTokens.toy(keycloak.issuer(), username, secret);
        JsonNode claims = KeycloakTokens.payload(login.accessToken());
        assertEquals(KidSafeRealm.TOY_CLIENT, claims.path("azp").asText());
        assertEquals(toy, claims.path("sub").asText());
        assertEquals(child.toString(), claims.path(KidSafeRealm.CLAIM_CHILD_ID).asText());
        assertEquals(PSEUDONYM, claims.path(KidSafeRealm.CLAIM_DEVICE_ID).asText());
        assertTrue(strings(claims.at("/realm_access/roles")).contains(KidSafeRealm.ROLE_TOY));
        assertFalse(strings(claims.at("/realm_access/roles")).contains(KidSafeRealm.ROLE_PARENT));
        assertTrue(strings(claims.get("groups")).contains(KidSafeRealm.ROLE_TOY), "Quarkus reads roles from groups");
        assertEquals(List.of(KidSafeRealm.GATEWAY), strings(claims.get("aud")), "a toy token names the gateway only (issue 16 item 4)");
        assertFalse(claims.has("preferred_username") || claims.has("email"), "no username or email in a toy's token");
        String offline = login.body().path("refresh_token").asText();
        assertEquals("Offline", KeycloakTokens.payload(offline).path("typ").asText());
        assertTrue(KeycloakTokens.refresh(keycloak.issuer(), KidSafeRealm.TOY_CLIENT, offline).ok());

        TokenResponse parentOnToyClient = KeycloakTokens.toy(keycloak.issuer(), ALICE.username(), ALICE.password());
        assertFalse(parentOnToyClient.ok(), "a parent's correct password is refused on the toys' client");
        assertEquals(401, parentOnToyClient.status());

        assertEquals(204, call("DELETE", admin + "/users/" + toy, registrar(), null).statusCode());
        assertEquals(404, call("DELETE", admin + "/users/" + toy, registrar(), null).statusCode(), "a second delete finds nothing");
        assertFalse(KeycloakTokens.refresh(keycloak.issuer(), KidSafeRealm.TOY_CLIENT, offline).ok(), "its offline session is gone");
        assertFalse(KeycloakTokens.toy(keycloak.issuer(), username, secret).ok());
    }

    private static String createToy(UUID child, String secret) throws Exception {
        return createToy("toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN, child, secret);
    }

    /** A toy user exactly as profile-service's KeycloakToyIdentityIssuer creates it. */
    private static String createToy(String username, UUID child, String secret) throws Exception {
        HttpResponse<String> created = call("POST", admin + "/users", registrar(), Map.of(
                "username", username, "email", username, "emailVerified", true, "enabled", true,
                "groups", List.of(KidSafeRealm.TOYS_GROUP),
                "attributes", Map.of(KidSafeRealm.ATTRIBUTE_CHILD_ID, List.of(child.toString()),
                        KidSafeRealm.ATTRIBUTE_DEVICE_PSEUDONYM, List.of(PSEUDONYM)),
                "credentials", List.of(Map.of("type", "password", "value", secret, "temporary", false))));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void refused(HttpResponse<String> response) {
        assertTrue(response.statusCode() >= 300, "the registrar was allowed " + response.request().method() + " "
                + response.request().uri().getPath() + ": HTTP " + response.statusCode() + " " + response.body());
    }

    private static String clientUuid(String clientId) throws Exception {
        return json(call("GET", admin + "/clients?clientId=" + encode(clientId), keycloak.adminToken(), null)).get(0).path("id").asText();
    }

    private static JsonNode clientAsAdmin(String clientId) throws Exception {
        return json(call("GET", admin + "/clients/" + clientUuid(clientId), keycloak.adminToken(), null));
    }

    private static String clientScopeUuid(String name) throws Exception {
        for (JsonNode scope : json(call("GET", admin + "/client-scopes", keycloak.adminToken(), null))) {
            if (name.equals(scope.path("name").asText())) {
                return scope.path("id").asText();
            }
        }
        throw new IllegalStateException("no client scope " + name);
    }

    private static Map<String, Object> mapper(String type, Map<String, String> config) {
        return Map.of("name", "forged-" + type + "-" + UUID.randomUUID(), "protocol", "openid-connect", "protocolMapper", type, "config", config);
    }

    private static Map<String, Object> hardcodedClaim(String claim, String value) {
        return mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", claim, "claim.value", value, "access.token.claim", "true"));
    }

    private static HttpResponse<String> call(String method, String url, String bearer, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
