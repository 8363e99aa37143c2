package org.kidsafe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakDatabase;
import org.kidsafe.embedded.keycloak.KeycloakDistribution;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./kidsafe up} on a data folder of the previous release, whose Keycloak kept its users in an H2 file
 * ({@code keycloak/data/h2}, {@code --db=dev-file}): the first start moves them to Keycloak's own PostgreSQL database,
 * once (issue 21 item 4, principle 8). The previous release's folder is made as that release made it: Keycloak
 * persistent on H2, a parent who signed up with a password, a paired toy with its secret.
 *
 * <p>It is also the test of Keycloak on PostgreSQL across restarts (one test, for CI time: each fresh start costs
 * Keycloak's schema creation): its tables are in its own database under its own role, and the second start neither
 * repeats the build step nor the import.
 */
class LocalKeycloakMigrationTest {

    private static final Path DATA = Path.of("target", "kidsafe-keycloak-store-migration");
    /** An SMTP port the development realm names; nothing listens there, and this test sends no mail. */
    private static final int NO_MAIL = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theFirstStartMovesParentsAndToysFromH2ToPostgresWithTheirPasswordsOnce() throws Exception {
        Directories.deleteRecursively(DATA);
        Keys keys = new Keys(DATA.resolve("keys"));
        String gateway = "http://127.0.0.1:" + FreePorts.find();
        String parent = "parent.dana." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String toy = "toy-plush-" + UUID.randomUUID().toString().substring(0, 8) + "@toys.invalid";
        UUID child = UUID.randomUUID();
        try (KeycloakServer previous = KeycloakServer.builder(KeycloakDistribution.locate(), DATA.resolve("keycloak"))
                .persistent()
                .admin(Platform.KEYCLOAK_ADMIN, keys.secret("keycloak-admin"))
                .realm(DevRealm.realm(gateway))
                .start()) {
            String parentId = createUser(previous, Map.of("username", parent, "email", parent, "emailVerified", true, "enabled", true, "firstName", "Dana", "lastName", "Demo",
                    "credentials", List.of(password("dana-signed-up-with-this"))));
            grantRealmRole(previous, parentId, KidSafeRealm.ROLE_PARENT);
            createUser(previous, Map.of("username", toy, "email", toy, "emailVerified", true, "enabled", true,
                    "groups", List.of(KidSafeRealm.TOYS_GROUP),
                    "attributes", Map.of(KidSafeRealm.ATTRIBUTE_CHILD_ID, List.of(child.toString()),
                            KidSafeRealm.ATTRIBUTE_DEVICE_PSEUDONYM, List.of("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE")),
                    "credentials", List.of(password("the-toys-paired-secret"))));
        }
        assertTrue(Files.isDirectory(DATA.resolve("keycloak/data/h2")), "the previous release's shape");

        try (PostgresServer postgres = PostgresServer.start(DATA.resolve("postgres"), FreePorts.find(), DATA.resolve("postgres.log"),
                keys.certificateAuthority())) {
            try (KeycloakServer migrated = LocalKeycloak.start(DATA.resolve("keycloak"), postgres, keys, 0, gateway, NO_MAIL, true)) {
                System.out.printf("Keycloak on PostgreSQL, first start (build step, schema, import of the export): ready in %d ms%n",
                        migrated.startupTime().toMillis());
                KeycloakTokens.TokenResponse login = KeycloakTokens.password(migrated.issuer(), KidSafeRealm.PARENT_APP, parent, "dana-signed-up-with-this");
                assertTrue(login.ok(), "the parent logs in with the password she had: " + login.error());
                assertTrue(KeycloakTokens.payload(login.accessToken()).at("/realm_access/roles").toString().contains(KidSafeRealm.ROLE_PARENT));
                KeycloakTokens.TokenResponse toyLogin = KeycloakTokens.toy(migrated.issuer(), toy, "the-toys-paired-secret");
                assertTrue(toyLogin.ok(), "the toy logs in with its paired secret: " + toyLogin.error());
                assertEquals(child.toString(), KeycloakTokens.payload(toyLogin.accessToken()).path(KidSafeRealm.CLAIM_CHILD_ID).asText());
                assertTrue(KeycloakTokens.password(migrated.issuer(), KidSafeRealm.PARENT_APP, DevRealm.ALICE.username(),
                        DevRealm.ALICE.password()).ok(), "the demo users came along with the realm");
                resetPassword(migrated, parent, "dana-changed-it-afterwards");
            }
            assertFalse(Files.exists(DATA.resolve("keycloak/data/h2")), "Keycloak no longer runs on H2");
            assertTrue(Files.isDirectory(DATA.resolve("keycloak-h2/data/h2")), "the H2 store is kept aside");
            assertFalse(Files.exists(DATA.resolve("keycloak-h2-export")), "the export (password hashes) is gone");
            ServiceDatabase store = KeycloakDatabase.provision(postgres, keys.secret("db-keycloak"));
            assertEquals(1, store.count("SELECT count(*) FROM user_entity WHERE username = ?", parent),
                    "the parent is in Keycloak's own database, under the password kept in keys/");

            try (KeycloakServer again = LocalKeycloak.start(DATA.resolve("keycloak"), postgres, keys, 0, gateway, NO_MAIL, true)) {
                System.out.printf("Keycloak on PostgreSQL, second start on an existing database: ready in %d ms%n", again.startupTime().toMillis());
                assertFalse(Files.readString(again.logFile()).contains("Updating the configuration"),
                        "the build step for --db=postgres runs once per work folder, not at every start:\n" + again.tail(40));
                assertTrue(KeycloakTokens.password(again.issuer(), KidSafeRealm.PARENT_APP, parent, "dana-changed-it-afterwards").ok(),
                        "a second start imports nothing again: the password changed on PostgreSQL holds");
                assertFalse(KeycloakTokens.password(again.issuer(), KidSafeRealm.PARENT_APP, parent, "dana-signed-up-with-this").ok());
            }
            assertEquals(1, store.count("SELECT count(*) FROM realm WHERE name = ?", KidSafeRealm.NAME), "the realm was imported once");
        }
    }

    private static Map<String, Object> password(String value) {
        return Map.of("type", "password", "value", value, "temporary", false);
    }

    /** The new user's id, from the Location Keycloak answers with. */
    private static String createUser(KeycloakServer keycloak, Map<String, Object> user) throws Exception {
        HttpResponse<String> created = admin(keycloak, "POST", "/users", user);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void grantRealmRole(KeycloakServer keycloak, String userId, String role) throws Exception {
        JsonNode representation = JSON.readTree(admin(keycloak, "GET", "/roles/" + role, null).body());
        HttpResponse<String> granted = admin(keycloak, "POST", "/users/" + userId + "/role-mappings/realm", List.of(representation));
        assertEquals(204, granted.statusCode(), granted.body());
    }

    private static void resetPassword(KeycloakServer keycloak, String username, String newPassword) throws Exception {
        JsonNode users = JSON.readTree(admin(keycloak, "GET", "/users?exact=true&username=" + username, null).body());
        HttpResponse<String> reset = admin(keycloak, "PUT", "/users/" + users.get(0).path("id").asText() + "/reset-password", password(newPassword));
        assertEquals(204, reset.statusCode(), reset.body());
    }

    private static HttpResponse<String> admin(KeycloakServer keycloak, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
