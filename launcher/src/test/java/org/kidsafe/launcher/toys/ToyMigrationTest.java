package org.kidsafe.launcher.toys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakDistribution;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./kidsafe toys migrate} against the real Keycloak, from toys made the way the previous release made them
 * (a client {@code toy-<deviceId>} with hardcoded {@code child_id}/{@code device_id} and a secret): after
 * {@code create} the toy logs in as a user with its old secret and gets the same child and its pseudonym, while its
 * old client still works; {@code finish} deletes the client of a toy that moved and keeps the others, {@code --all}
 * deletes every one.
 */
class ToyMigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KeycloakServer keycloak;
    private static ToyMigration migration;
    private static final DevicePseudonyms PSEUDONYMS = new DevicePseudonyms(key());

    @BeforeAll
    static void startKeycloak() {
        keycloak = KeycloakServer.builder(KeycloakDistribution.locate(), Path.of("target", "kidsafe-keycloak-toy-migration"))
                .realmJson(DevRealm.json())
                .start();
        migration = new ToyMigration(keycloak.baseUrl(), KidSafeRealm.NAME, keycloak::adminToken, PSEUDONYMS);
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void aToyOfThePreviousReleaseMovesToAUserWithItsOwnSecretAndItsOldClientGoesWhenItHasMoved() throws Exception {
        String moving = "plush-" + UUID.randomUUID().toString().substring(0, 8);
        String waiting = "robot-" + UUID.randomUUID().toString().substring(0, 8);
        UUID child = UUID.randomUUID();
        String movingSecret = legacyToyClient(moving, child);
        String waitingSecret = legacyToyClient(waiting, UUID.randomUUID());

        ToyMigration.Report created = migration.create();
        assertTrue(created.done().containsAll(List.of("toy-" + moving, "toy-" + waiting)), created.toString());
        assertFalse(created.done().contains(KidSafeRealm.TOY_CLIENT), "kidsafe-toy is not a legacy toy client");
        assertTrue(migration.create().done().isEmpty(), "a second run creates nothing");

        KeycloakTokens.TokenResponse login = KeycloakTokens.toy(keycloak.issuer(), "toy-" + moving + "@toys.invalid", movingSecret);
        JsonNode claims = KeycloakTokens.payload(login.accessToken());
        assertEquals(child.toString(), claims.path(KidSafeRealm.CLAIM_CHILD_ID).asText());
        assertEquals(PSEUDONYMS.of(moving), claims.path(KidSafeRealm.CLAIM_DEVICE_ID).asText());
        assertTrue(KeycloakTokens.clientCredentials(keycloak.issuer(), "toy-" + moving, movingSecret).ok(), "the old client still works until finish");

        ToyMigration.Report finished = migration.finish(false);
        assertTrue(finished.done().contains("toy-" + moving), finished.toString());
        assertFalse(finished.done().contains("toy-" + waiting), "a toy that has not logged in as a user keeps its client");
        assertEquals(401, KeycloakTokens.clientCredentials(keycloak.issuer(), "toy-" + moving, movingSecret).status());
        assertTrue(KeycloakTokens.toy(keycloak.issuer(), "toy-" + moving + "@toys.invalid", movingSecret).ok());
        assertTrue(KeycloakTokens.clientCredentials(keycloak.issuer(), "toy-" + waiting, waitingSecret).ok());

        assertTrue(migration.finish(true).done().contains("toy-" + waiting));
        assertEquals(401, KeycloakTokens.clientCredentials(keycloak.issuer(), "toy-" + waiting, waitingSecret).status());
    }

    /** A toy client exactly as the previous release's KeycloakToyIdentityIssuer created it; returns its secret. */
    private static String legacyToyClient(String deviceId, UUID childId) throws Exception {
        String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        Map<String, Object> client = new HashMap<>(Map.of(
                "clientId", "toy-" + deviceId, "enabled", true, "protocol", "openid-connect", "publicClient", false,
                "clientAuthenticatorType", "client-secret", "secret", secret, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false, "fullScopeAllowed", false));
        client.put("defaultClientScopes", List.of("basic", "roles", KidSafeRealm.SCOPE_SERVICES));
        client.put("protocolMappers", List.of(claim("child_id", childId.toString()), claim("device_id", deviceId)));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/kidsafe/clients"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return secret;
    }

    private static Map<String, Object> claim(String name, String value) {
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", name, "claim.value", value, "jsonType.label", "String", "access.token.claim", "true"));
    }

    private static byte[] key() {
        byte[] key = new byte[DevicePseudonyms.KEY_BYTES];
        Arrays.fill(key, (byte) 3);
        return key;
    }
}
