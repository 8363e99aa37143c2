package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kidsafe.embedded.keycloak.KeycloakTokens.TokenResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kidsafe.embedded.keycloak.JsonAnswers.strings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.DevRealm.ALICE;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.CONSENT;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.GATEWAY;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.MEDIA;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.PARENT_APP;
import static org.kidsafe.embedded.keycloak.KidSafeRealm.PROFILE;

/**
 * Tokens scoped to one service (issue 16 item 4), against the real Keycloak with the realm as code: a parent's
 * token names the gateway only, and only the gateway, with its own credential, can trade it for a token that names
 * exactly one service. On the realm before the change the parent's token named all four audiences, so
 * {@link #aParentTokenNamesTheGatewayOnly()} failed there, and the gateway could not exchange at all.
 */
@ExtendWith(SharedDevKeycloak.class)
class TokenExchangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KeycloakServer keycloak;

    @BeforeAll
    static void shareKeycloak(KeycloakServer shared) {
        keycloak = shared;
    }

    @Test
    void aParentTokenNamesTheGatewayOnly() {
        JsonNode claims = KeycloakTokens.payload(alice());
        assertEquals(List.of(GATEWAY), strings(claims.get("aud")));
        assertEquals(List.of("parent"), strings(claims.get("groups")));
    }

    @Test
    void theGatewayExchangesAParentTokenForExactlyOneServiceAudience() {
        String alice = alice();
        JsonNode subject = KeycloakTokens.payload(alice);
        for (String service : List.of(CONSENT, PROFILE, MEDIA)) {
            TokenResponse exchanged = KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET, alice, service);
            assertTrue(exchanged.ok(), service + ": " + exchanged.body());
            assertFalse(exchanged.body().hasNonNull("refresh_token"), "an exchanged token comes without a refresh token");
            JsonNode claims = KeycloakTokens.payload(exchanged.accessToken());
            assertEquals(List.of(service), strings(claims.get("aud")), service + ": " + claims);
            assertEquals(subject.get("sub").asText(), claims.get("sub").asText());
            assertEquals(List.of("parent"), strings(claims.get("groups")));
            assertEquals(GATEWAY, claims.get("azp").asText());
            assertTrue(claims.get("exp").asLong() <= subject.get("exp").asLong() + 5, "never outlives the subject's session much");
            assertFalse(claims.has("email"), "a service gets no more of the parent than it reads");
        }
    }

    /**
     * Keycloak lets the requester re-exchange a token issued to itself (its {@code azp}), so the gateway could;
     * what a service holds without the gateway's secret cannot be traded for another service's token.
     */
    @Test
    void aTokenCapturedAtAServiceCannotBeTradedWithoutTheGatewaysSecret() {
        String atMedia = KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET, alice(), MEDIA).accessToken();
        assertEquals(401, KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, "not-the-secret", atMedia, CONSENT).status());
        TokenResponse registrar = KeycloakTokens.exchange(keycloak.issuer(), KidSafeRealm.DEVICE_REGISTRAR, DevRealm.REGISTRAR_SECRET,
                atMedia, CONSENT);
        assertFalse(registrar.ok(), "a media-service token traded for consent-service: " + registrar.body());
        assertNotEquals(200, registrar.status());
    }

    @Test
    void nobodyButTheGatewayWithItsSecretMayExchange() {
        String alice = alice();
        TokenResponse wrongSecret = KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, "not-the-secret", alice, CONSENT);
        assertEquals(401, wrongSecret.status());
        TokenResponse registrar = KeycloakTokens.exchange(keycloak.issuer(), KidSafeRealm.DEVICE_REGISTRAR, DevRealm.REGISTRAR_SECRET,
                alice, CONSENT);
        assertFalse(registrar.ok(), "the registrar exchanged a parent's token: " + registrar.body());
        TokenResponse app = KeycloakTokens.request(keycloak.issuer(), Map.of("grant_type", KeycloakTokens.TOKEN_EXCHANGE,
                "client_id", PARENT_APP, "subject_token", alice, "subject_token_type", KeycloakTokens.ACCESS_TOKEN_TYPE,
                "audience", CONSENT));
        assertFalse(app.ok(), "the public parent app exchanged a token: " + app.body());
    }

    @Test
    void theGatewayCanObtainNoTokenOfItsOwnAndNoOtherAudience() {
        TokenResponse own = KeycloakTokens.clientCredentials(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET);
        assertFalse(own.ok(), "the gateway has no service account: " + own.body());
        TokenResponse elsewhere = KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET, alice(), "account");
        assertFalse(elsewhere.ok(), "exchanged for Keycloak's account console: " + elsewhere.body());
        TokenResponse registrar = KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET, alice(),
                KidSafeRealm.DEVICE_REGISTRAR);
        assertFalse(registrar.ok(), "exchanged for the registrar: " + registrar.body());
    }

    /**
     * A toy as the realm makes it (docs/design/toy-identity.md: a user of {@code /toys}, which gives the role
     * {@code toy}, with the attributes {@code child_id} and {@code device_pseudonym}, signed in on {@code kidsafe-toy}):
     * its exchanged token carries what services read of a toy, from the gateway's own scope. (A per-toy client's
     * hardcoded claims cannot survive an exchange: the new token is made with the gateway's scopes, which is why the
     * exchange needs the toys as users.)
     */
    @Test
    void aToysClaimsSurviveTheExchange() throws Exception {
        String admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
        String childId = UUID.randomUUID().toString();
        String pseudonym = "P".repeat(43);
        String username = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        String password = UUID.randomUUID().toString();
        ObjectNode user = JSON.createObjectNode().put("username", username).put("email", username).put("emailVerified", true)
                .put("enabled", true);
        user.putArray("groups").add(KidSafeRealm.TOYS_GROUP);
        user.putObject("attributes").put(KidSafeRealm.CLAIM_CHILD_ID, childId).put("device_pseudonym", pseudonym);
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(admin + "/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user))), keycloak.adminToken());
        assertEquals(201, created.statusCode(), created.body());

        String toy = KeycloakTokens.toy(keycloak.issuer(), username, password).accessToken();
        assertEquals(List.of(GATEWAY), strings(KeycloakTokens.payload(toy).get("aud")), "the toy's own token names the gateway only");
        JsonNode claims = KeycloakTokens.payload(KeycloakTokens.exchange(keycloak.issuer(), GATEWAY, DevRealm.GATEWAY_SECRET, toy, MEDIA)
                .accessToken());
        assertEquals(List.of(MEDIA), strings(claims.get("aud")));
        // parent: every user's default role since sign-up (issue 19 item 1), which services ignore beside toy
        // (service-commons' DefaultParentRole).
        assertEquals(Set.of("toy", "parent"), Set.copyOf(strings(claims.get("groups"))));
        assertEquals(childId, claims.get("child_id").asText());
        assertEquals(pseudonym, claims.get("device_id").asText());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String alice() {
        return KeycloakTokens.password(keycloak.issuer(), PARENT_APP, ALICE.username(), ALICE.password()).accessToken();
    }
}
