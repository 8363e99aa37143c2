package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kidsafe.embedded.keycloak.JsonAnswers.json;
import static org.kidsafe.embedded.keycloak.JsonAnswers.strings;
import static org.kidsafe.embedded.keycloak.JsonAnswers.encode;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.DevRealm.ALICE;
import static org.kidsafe.embedded.keycloak.DevRealm.BOB;
import static org.kidsafe.embedded.keycloak.DevRealm.CAROL;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.DEVICE_REGISTRAR;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.PARENT_APP;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.GATEWAY;

/**
 * The real Keycloak with the development {@code kidsafe} realm, and the production realm imported
 * unchanged beside it under another name, so that what production refuses is checked for real. The server is the
 * module's shared one ({@link SharedDevKeycloak}), which also checks that {@link KeycloakServer#close()} stops it.
 */
@ExtendWith(SharedDevKeycloak.class)
class KeycloakServerTest {

    private static final String PRODUCTION = SharedDevKeycloak.PRODUCTION;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static KeycloakServer keycloak;

    @BeforeAll
    static void shareKeycloak(KeycloakServer shared) {
        keycloak = shared;
    }

    /**
     * RealmUpgrade compares as Keycloak stores what it imported: on a realm just imported from the file it changes
     * nothing (so {@code ./kidsafe up}'s first start only records the revision), for both realms.
     */
    @Test
    void theRealmUpgradeFindsNothingToChangeInARealmImportedFromTheFile() {
        RealmUpgrade upgrade = RealmUpgrade.of(keycloak);
        assertEquals(List.of(), upgrade.apply(DevRealm.realm()).changes());
        assertEquals(List.of(), upgrade.apply(KidSafeRealm.renamed(KidSafeRealm.load(), PRODUCTION)).changes());
        assertTrue(upgrade.apply(DevRealm.realm()).skipped(), "the revision is recorded");
    }

    @Test
    void issuerIsTheLoopbackUrlOfTheRealm() throws Exception {
        JsonNode discovery = json(get(keycloak.issuer() + "/.well-known/openid-configuration", null));
        assertEquals("http://127.0.0.1:" + keycloak.httpPort() + "/realms/kidsafe", keycloak.issuer());
        assertEquals(keycloak.issuer(), discovery.get("issuer").asText());
        assertEquals(200, get(keycloak.managementUrl() + "/health/ready", null).statusCode());
    }

    @Test
    void aliceGetsAParentTokenForTheGatewayOnly() {
        JsonNode claims = KeycloakTokens.payload(
                KeycloakTokens.password(keycloak.issuer(), PARENT_APP, ALICE.username(), ALICE.password()).accessToken());

        assertEquals(keycloak.issuer(), claims.get("iss").asText());
        assertEquals(List.of(GATEWAY), strings(claims.get("aud")), "the gateway's audience only (issue 16 item 4)");
        assertEquals(List.of("parent"), strings(claims.at("/realm_access/roles")));
        assertEquals(List.of("parent"), strings(claims.get("groups")));
        assertEquals(PARENT_APP, claims.get("azp").asText());
        assertEquals(ALICE.username(), claims.get("preferred_username").asText());
        UUID.fromString(claims.get("sub").asText());
        assertEquals(300, claims.get("exp").asLong() - claims.get("iat").asLong(), "access tokens live 5 minutes");
        assertFalse(claims.has("given_name"), "names stay out of access tokens");
    }

    @Test
    void bobIsAnotherParentAndCarolAComplianceOfficer() {
        JsonNode alice = KeycloakTokens.payload(
                KeycloakTokens.password(keycloak.issuer(), PARENT_APP, ALICE.username(), ALICE.password()).accessToken());
        JsonNode bob = KeycloakTokens.payload(
                KeycloakTokens.password(keycloak.issuer(), PARENT_APP, BOB.username(), BOB.password()).accessToken());
        assertEquals(List.of("parent"), strings(bob.get("groups")));
        assertNotEquals(alice.get("sub").asText(), bob.get("sub").asText());
        // Issue 17 item 3: the officer has an authenticator, so the parent app's password grant alone gets her nothing;
        // she signs in at the officer console (OfficerSecondFactorTest).
        assertEquals("invalid_grant", KeycloakTokens.password(keycloak.issuer(), PARENT_APP, CAROL.username(), CAROL.password()).error());

        TokenResponse wrongPassword = KeycloakTokens.password(keycloak.issuer(), PARENT_APP, ALICE.username(), "not-her-password");
        assertEquals("invalid_grant", wrongPassword.error());
    }

    @Test
    void productionRealmRefusesPasswordGrantsAndDevSecrets() {
        String production = keycloak.issuer(PRODUCTION);

        assertEquals("unauthorized_client",
                KeycloakTokens.password(production, PARENT_APP, ALICE.username(), ALICE.password()).error());
        assertEquals("unauthorized_client",
                KeycloakTokens.password(production, "admin-cli", ALICE.username(), ALICE.password()).error());
        // Keycloak's own admin-cli has no password grant in the dev realm either.
        assertEquals("unauthorized_client",
                KeycloakTokens.password(keycloak.issuer(), "admin-cli", ALICE.username(), ALICE.password()).error());

        TokenResponse registrar = KeycloakTokens.clientCredentials(production, DEVICE_REGISTRAR, DevRealm.REGISTRAR_SECRET);
        assertFalse(registrar.ok());
        assertEquals(401, registrar.status());
    }

    @Test
    void productionRealmFileHasNoPasswordGrantNoSecretAndNoPeople() {
        ObjectNode realm = KidSafeRealm.load();
        for (JsonNode client : realm.get("clients")) {
            String id = client.get("clientId").asText();
            // The one exception: toys log in with the password grant on kidsafe-toy, whose flow refuses non-toys.
            assertEquals(id.equals(KidSafeRealm.TOY_CLIENT), client.path("directAccessGrantsEnabled").asBoolean(true),
                    id + ": the password grant is for toys only");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(true), id + " allows the implicit flow");
            assertFalse(client.has("secret"), id + " has a secret in the production realm");
        }
        for (JsonNode user : realm.get("users")) {
            assertTrue(user.has("serviceAccountClientId"), "a person in the production realm: " + user.get("username"));
            assertFalse(user.has("credentials"));
        }
        assertTrue(realm.get("bruteForceProtected").asBoolean());
        assertTrue(realm.get("passwordPolicy").asText().contains("length(12)"));
        assertTrue(realm.get("passwordPolicy").asText().contains("notUsername"));
        assertEquals(300, realm.get("accessTokenLifespan").asInt());
        assertEquals(1800, realm.get("ssoSessionIdleTimeout").asInt());
    }

    @Test
    void parentAppRequiresPkceWithS256AndItsOwnRedirectUris() throws Exception {
        String authorize = keycloak.issuer() + "/protocol/openid-connect/auth?client_id=" + PARENT_APP
                + "&response_type=code&scope=openid&redirect_uri=" + encode(KidSafeRealm.MOBILE_REDIRECT_URI);
        String challenge = "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

        for (String refused : List.of(authorize, authorize + challenge + "&code_challenge_method=plain")) {
            HttpResponse<String> response = get(refused, null);
            assertEquals(302, response.statusCode());
            String location = response.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(KidSafeRealm.MOBILE_REDIRECT_URI + "?error=invalid_request"), location);
        }
        assertEquals(200, get(authorize + challenge + "&code_challenge_method=S256", null).statusCode(), "login page");

        String foreignRedirect = authorize.replace(encode(KidSafeRealm.MOBILE_REDIRECT_URI), encode("https://attacker.example/cb"));
        assertEquals(400, get(foreignRedirect + challenge + "&code_challenge_method=S256", null).statusCode());
    }

    @Test
    void adminTokenReachesTheAdminApi() throws Exception {
        String admin = keycloak.adminToken();
        JsonNode registrar = json(get(keycloak.baseUrl() + "/admin/realms/" + PRODUCTION + "/clients?clientId=" + DEVICE_REGISTRAR, admin));
        String generated = registrar.get(0).get("secret").asText();
        assertFalse(generated.isBlank(), "Keycloak generates the production registrar's secret");
        assertNotEquals(DevRealm.REGISTRAR_SECRET, generated);
    }

    private static HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), bearer);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
