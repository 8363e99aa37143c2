package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.keycloak.KeycloakTokens.TokenResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.JsonAnswers.encode;
import static org.kidsafe.embedded.keycloak.JsonAnswers.json;
import static org.kidsafe.embedded.keycloak.JsonAnswers.strings;

/**
 * Principle 8 for the {@code kidsafe} realm: a {@code ./kidsafe up} installation of the previous release (Keycloak
 * 26.5.5 and the realm with per-toy clients, {@value #PREVIOUS_REALM}, as at commit e32795a, with that release's
 * development overlay) reaches this release's realm through {@link RealmUpgrade}, keeping its users and their
 * credentials. The previous release's Keycloak imports that realm into a persistent store, a parent and a toy client
 * are made the previous release's way, and this release's Keycloak starts on the same folder with this release's
 * realm (which it does not import, the realm existing, as {@code ./kidsafe up} does); then the upgrade runs.
 *
 * <p>Fails without the upgrade by construction: the previous realm has no {@code kidsafe-toy}, no gateway secret or
 * exchange, no {@code /toys}, and its registrar holds manage-clients. The parent's sign-in also failed on the
 * KeycloakServer of before, which deleted a persistent store when the distribution changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealmUpgradeTest {

    /** The previous release's production realm, kept as it was (test resource). */
    static final String PREVIOUS_REALM = "/keycloak/kidsafe-realm-per-toy-clients-release.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path WORK = Path.of("target", "kidsafe-keycloak-realm-upgrade-test");
    /** The previous release ran Keycloak 26.5.5: its store is what this release's Keycloak opens and migrates. */
    private static final String PREVIOUS_KEYCLOAK_VERSION = "26.5.5";
    private static final Path PREVIOUS_KEYCLOAK = Path.of("target", "previous-release", "keycloak-" + PREVIOUS_KEYCLOAK_VERSION);
    /** The master admin is made at the store's first start only: both starts need the same password. */
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final String PARENT = "parent.upgrade@example.com";
    private static final String PARENT_PASSWORD = "previous-release-password-1";
    private static final String DEVICE = "dev-" + UUID.randomUUID();
    private static final String TOY_SECRET = UUID.randomUUID() + "-" + UUID.randomUUID();

    private static KeycloakServer keycloak;
    private static String admin;
    private static RealmUpgrade.Outcome upgrade;

    @BeforeAll
    static void previousReleaseInstallationUpgraded() throws Exception {
        Directories.deleteRecursively(WORK.resolve("data"));
        keycloak = KeycloakServer.builder(previousReleaseKeycloak(), WORK).admin("admin", ADMIN_PASSWORD)
                .realm(previousDevRealm()).persistent().start();
        admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
        createParent();
        createLegacyToyClient();
        keycloak.close();

        keycloak = KeycloakServer.builder(KeycloakDistribution.locate(), WORK).admin("admin", ADMIN_PASSWORD)
                .realm(DevRealm.realm()).persistent().start();
        admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
        assertFalse(call("GET", admin + "/clients?clientId=" + KidSafeRealm.TOY_CLIENT, null).body().contains(KidSafeRealm.TOY_CLIENT),
                "the persistent store kept the previous realm: nothing is upgraded without RealmUpgrade");
        upgrade = RealmUpgrade.of(keycloak).apply(DevRealm.realm());
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    @Order(1)
    void parentsKeepTheirPasswordsAndTheirTokensNameTheGatewayOnly() {
        TokenResponse parent = KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, PARENT, PARENT_PASSWORD);
        assertTrue(parent.ok(), parent.body().toString());
        JsonNode claims = KeycloakTokens.payload(parent.accessToken());
        assertEquals(List.of(KidSafeRealm.GATEWAY), strings(claims.get("aud")));
        assertTrue(strings(claims.get(KidSafeRealm.CLAIM_GROUPS)).contains(KidSafeRealm.ROLE_PARENT));
        assertTrue(KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, DevRealm.ALICE.username(),
                DevRealm.ALICE.password()).ok(), "a demo parent of the previous release still signs in");
        assertFalse(upgrade.skipped());
    }

    @Test
    @Order(2)
    void theGatewayExchangesAParentTokenForOneServiceAudience() {
        String parent = KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, PARENT, PARENT_PASSWORD).accessToken();
        TokenResponse exchanged = KeycloakTokens.exchange(keycloak.issuer(), KidSafeRealm.GATEWAY, DevRealm.GATEWAY_SECRET,
                parent, KidSafeRealm.CONSENT);
        assertTrue(exchanged.ok(), exchanged.body().toString());
        JsonNode claims = KeycloakTokens.payload(exchanged.accessToken());
        assertEquals(List.of(KidSafeRealm.CONSENT), strings(claims.get("aud")));
        assertTrue(strings(claims.get(KidSafeRealm.CLAIM_GROUPS)).contains(KidSafeRealm.ROLE_PARENT));
    }

    @Test
    @Order(3)
    void theRealmHasThisReleasesClientsScopesGroupAndFlow() throws Exception {
        for (String scope : List.of(KidSafeRealm.SCOPE_SERVICE_TOKEN, KidSafeRealm.audienceScope(KidSafeRealm.CONSENT),
                KidSafeRealm.audienceScope(KidSafeRealm.PROFILE), KidSafeRealm.audienceScope(KidSafeRealm.MEDIA), "offline_access")) {
            assertTrue(call("GET", admin + "/client-scopes", null).body().contains("\"name\":\"" + scope + "\""), scope);
        }
        JsonNode gateway = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.GATEWAY, null)).get(0);
        assertEquals("true", gateway.path("attributes").path("standard.token.exchange.enabled").asText());
        JsonNode toys = json(call("GET", admin + "/group-by-path/toys", null));
        assertEquals(KidSafeRealm.TOYS_GROUP_ID, toys.path("id").asText());
        JsonNode toyClient = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.TOY_CLIENT, null)).get(0);
        JsonNode flow = json(call("GET", admin + "/authentication/flows", null));
        String flowId = null;
        for (JsonNode f : flow) {
            if (KidSafeRealm.TOY_DIRECT_GRANT_FLOW.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        assertEquals(flowId, toyClient.path("authenticationFlowBindingOverrides").path("direct_grant").asText());
        assertFalse(KeycloakTokens.toy(keycloak.issuer(), PARENT, PARENT_PASSWORD).ok(),
                "a parent's correct password is refused on the toys' client (flow 'toy direct grant')");
    }

    /**
     * Issue 17 item 3 on an existing installation: the officer console arrives bound to its flow (password, then a
     * one-time code), and the officer role leaves the parent app's and the gateway's own scope for the scope kidsafe-officer.
     */
    @Test
    @Order(3)
    void officersGetTheirClientAndSecondFactorAndTheParentAppLosesTheirRole() throws Exception {
        JsonNode console = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.OFFICER_CONSOLE, null)).get(0);
        String flowId = null;
        for (JsonNode f : json(call("GET", admin + "/authentication/flows", null))) {
            if (KidSafeRealm.OFFICER_BROWSER_FLOW.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        assertEquals(flowId, console.path("authenticationFlowBindingOverrides").path("browser").asText());
        String executions = call("GET", admin + "/authentication/flows/" + encode(KidSafeRealm.OFFICER_BROWSER_FLOW).replace("+", "%20")
                + "/executions", null).body();
        assertTrue(executions.contains("auth-otp-form") && executions.contains("auth-username-password-form"), executions);
        JsonNode app = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.PARENT_APP, null)).get(0);
        List<String> appRoles = json(call("GET", admin + "/clients/" + app.path("id").asText() + "/scope-mappings/realm", null))
                .findValues("name").stream().map(JsonNode::asText).toList();
        assertEquals(List.of(KidSafeRealm.ROLE_PARENT), appRoles, "the parent app no longer carries the officer role");
        assertTrue(call("GET", admin + "/client-scopes", null).body().contains("\"name\":\"" + KidSafeRealm.SCOPE_OFFICER + "\""));
    }

    @Test
    @Order(4)
    void theRegistrarCanNoLongerCreateClientsButCreatesToysThatSignIn() throws Exception {
        String registrar = KeycloakTokens.clientCredentials(keycloak.issuer(), KidSafeRealm.DEVICE_REGISTRAR, DevRealm.REGISTRAR_SECRET).accessToken();
        HttpResponse<String> forged = call("POST", admin + "/clients", registrar,
                Map.of("clientId", "toy-forged-" + UUID.randomUUID(), "serviceAccountsEnabled", true));
        assertFalse(forged.statusCode() / 100 == 2, "the registrar created a client: " + forged.statusCode());

        String username = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        String child = UUID.randomUUID().toString();
        HttpResponse<String> toy = call("POST", admin + "/users", registrar, Map.of("username", username, "email", username,
                "emailVerified", true, "enabled", true,
                "groups", List.of(KidSafeRealm.TOYS_GROUP),
                "attributes", Map.of(KidSafeRealm.ATTRIBUTE_CHILD_ID, List.of(child),
                        KidSafeRealm.ATTRIBUTE_DEVICE_PSEUDONYM, List.of("UDecl-hNs1cxZ-nbX0tqaZ2h3P7tiZhop0TNEZbtNn8")),
                "credentials", List.of(Map.of("type", "password", "value", secret, "temporary", false))));
        assertEquals(201, toy.statusCode(), toy.body());
        TokenResponse signedIn = KeycloakTokens.toy(keycloak.issuer(), username, secret);
        assertTrue(signedIn.ok(), signedIn.body().toString());
        JsonNode claims = KeycloakTokens.payload(signedIn.accessToken());
        assertEquals(child, claims.path(KidSafeRealm.CLAIM_CHILD_ID).asText());
        assertEquals(List.of(KidSafeRealm.GATEWAY), strings(claims.get("aud")));
        assertTrue(strings(claims.get(KidSafeRealm.CLAIM_GROUPS)).contains(KidSafeRealm.ROLE_TOY));
    }

    @Test
    @Order(5)
    void aToyOfThePreviousReleaseKeepsWorkingUntilItIsMigrated() {
        TokenResponse legacy = KeycloakTokens.clientCredentials(keycloak.issuer(), KidSafeRealm.legacyToyClientId(DEVICE), TOY_SECRET);
        assertTrue(legacy.ok(), legacy.body().toString());
        assertTrue(strings(KeycloakTokens.payload(legacy.accessToken()).get(KidSafeRealm.CLAIM_GROUPS)).contains(KidSafeRealm.ROLE_TOY));
        assertTrue(upgrade.kept().stream().anyMatch(k -> k.startsWith("client scope kidsafe-toy ")), upgrade.kept().toString());
    }

    /**
     * Issue 19 item 1 on an existing installation: registration opens on KidSafe's theme, and {@code parent} joins the
     * default role beside Keycloak's own defaults, so a user made from now on is a parent; the password policy and the
     * brute-force protection stay as they were.
     */
    @Test
    @Order(5)
    void signUpOpensAndNewUsersAreParents() throws Exception {
        JsonNode realm = json(call("GET", admin, null));
        assertTrue(realm.path("registrationAllowed").asBoolean());
        assertEquals(KidSafeTheme.NAME, realm.path("loginTheme").asText());
        assertEquals("length(12) and maxLength(128) and notUsername and notEmail", realm.path("passwordPolicy").asText());
        assertTrue(realm.path("bruteForceProtected").asBoolean());
        assertTrue(realm.path("internationalizationEnabled").asBoolean(), "English and Spanish (issue 19 item 10)");
        assertEquals(Set.of("en", "es"), Set.copyOf(strings(realm.path("supportedLocales"))));
        assertEquals("en", realm.path("defaultLocale").asText());
        List<String> defaults = json(call("GET", admin + "/roles/default-roles-kidsafe/composites", null))
                .findValues("name").stream().map(JsonNode::asText).toList();
        assertTrue(defaults.containsAll(List.of(KidSafeRealm.ROLE_PARENT, "offline_access", "uma_authorization", "manage-account")),
                defaults.toString());
        assertTrue(upgrade.changes().contains("realm role default-roles-kidsafe composites +[parent]"), upgrade.changes().toString());

        String username = "new-" + UUID.randomUUID() + "@example.com";
        assertEquals(201, call("POST", admin + "/users", Map.of("username", username, "email", username, "enabled", true)).statusCode());
        String id = json(call("GET", admin + "/users?exact=true&username=" + encode(username), null)).get(0).path("id").asText();
        List<String> effective = json(call("GET", admin + "/users/" + id + "/role-mappings/realm/composite", null))
                .findValues("name").stream().map(JsonNode::asText).toList();
        assertTrue(effective.contains(KidSafeRealm.ROLE_PARENT), effective.toString());
    }

    /**
     * Issue 19 item 1 review on an existing installation: the parent app arrives bound to {@value KidSafeRealm#PARENT_BROWSER_FLOW},
     * so the previous release's demo officer and a toy are refused at the privacy center's sign-in while a parent still signs in.
     */
    @Test
    @Order(5)
    void theParentAppRefusesOfficersAndToysButNotParents() throws Exception {
        JsonNode app = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.PARENT_APP, null)).get(0);
        String flowId = null;
        for (JsonNode f : json(call("GET", admin + "/authentication/flows", null))) {
            if (KidSafeRealm.PARENT_BROWSER_FLOW.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        assertEquals(flowId, app.path("authenticationFlowBindingOverrides").path("browser").asText());

        String redirectUri = DevRealm.DEV_REDIRECT_URIS.get(0).replace("*", "privacy-center/");
        BrowserSignIn parent = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.PARENT_APP, redirectUri);
        assertTrue(parent.submit(Map.of("username", PARENT, "password", PARENT_PASSWORD)).isPresent(), parent.page());
        BrowserSignIn officer = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.PARENT_APP, redirectUri);
        assertTrue(officer.submit(Map.of("username", DevRealm.CAROL.username(), "password", DevRealm.CAROL.password())).isEmpty(),
                "no parent-app code for an officer");
        String toy = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        String toySecret = UUID.randomUUID().toString();
        HttpResponse<String> created = call("POST", admin + "/users", Map.of("username", toy, "email", toy, "emailVerified", true,
                "enabled", true, "groups", List.of(KidSafeRealm.TOYS_GROUP),
                "credentials", List.of(Map.of("type", "password", "value", toySecret, "temporary", false))));
        assertEquals(201, created.statusCode(), created.body());
        BrowserSignIn toyBrowser = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.PARENT_APP, redirectUri);
        assertTrue(toyBrowser.submit(Map.of("username", toy, "password", toySecret)).isEmpty(), "no parent-app code for a toy");
    }

    @Test
    @Order(6)
    void runningItAgainChangesNothingAndOnceConvergedItIsSkipped() throws Exception {
        String before = realmState();
        RealmUpgrade.Outcome again = RealmUpgrade.of(keycloak).apply(DevRealm.realm());
        assertEquals(List.of(), again.changes());
        assertEquals(before, realmState());

        // What `toys migrate --phase=finish` does last; then the previous release's scope goes, and the revision is kept.
        String legacyId = json(call("GET", admin + "/clients?clientId=" + KidSafeRealm.legacyToyClientId(DEVICE), null)).get(0).path("id").asText();
        assertEquals(204, call("DELETE", admin + "/clients/" + legacyId, null).statusCode());
        RealmUpgrade.Outcome converged = RealmUpgrade.of(keycloak).apply(DevRealm.realm());
        assertEquals(List.of("removed client scope kidsafe-toy"), converged.changes());
        assertEquals(List.of(), converged.kept());
        String after = realmState();
        RealmUpgrade.Outcome skipped = RealmUpgrade.of(keycloak).apply(DevRealm.realm());
        assertTrue(skipped.skipped());
        assertEquals(RealmUpgrade.revision(DevRealm.realm()),
                json(call("GET", admin, null)).path("attributes").path(RealmUpgrade.REVISION_ATTRIBUTE).asText());
        assertEquals(List.of(), new RealmUpgrade(keycloak.baseUrl(), keycloak::adminToken)
                .reconcile(DevRealm.realm(), skipped.revision()).changes(), "a forced pass over the converged realm changes nothing");
        assertEquals(after, realmState());
    }

    /** Clients, scopes, groups, roles and flows as Keycloak exports them (secrets masked), to compare two moments. */
    private static String realmState() throws Exception {
        JsonNode export = json(call("POST", admin + "/partial-export?exportClients=true&exportGroupsAndRoles=true", null));
        ObjectNode state = JSON.createObjectNode();
        for (String field : List.of("clients", "clientScopes", "groups", "roles", "authenticationFlows", "authenticatorConfig",
                "scopeMappings", "clientScopeMappings", "defaultDefaultClientScopes", "components", "adminPermissionsEnabled")) {
            state.set(field, export.get(field));
        }
        return state.toString();
    }

    /** The previous release's Keycloak, which the build unpacks into target/previous-release/ (embedded-platform's pom). */
    private static Path previousReleaseKeycloak() throws IOException {
        Path home = PREVIOUS_KEYCLOAK.toAbsolutePath();
        assertEquals(PREVIOUS_KEYCLOAK_VERSION, KeycloakDistribution.version(home), "unpacked by the build at generate-test-resources");
        return home;
    }

    /** The previous release's development realm: its production file plus that release's DevRealm additions. */
    private static ObjectNode previousDevRealm() throws IOException {
        ObjectNode realm;
        try (InputStream in = RealmUpgradeTest.class.getResourceAsStream(PREVIOUS_REALM)) {
            realm = (ObjectNode) JSON.readTree(in);
        }
        realm.put("verifyEmail", false);
        for (JsonNode client : realm.path("clients")) {
            if (KidSafeRealm.PARENT_APP.equals(client.path("clientId").asText())) {
                ((ObjectNode) client).put("directAccessGrantsEnabled", true);
                DevRealm.DEV_REDIRECT_URIS.forEach(((ArrayNode) client.get("redirectUris"))::add);
            }
            if (KidSafeRealm.DEVICE_REGISTRAR.equals(client.path("clientId").asText())) {
                ((ObjectNode) client).put("secret", DevRealm.REGISTRAR_SECRET);
            }
        }
        DevRealm.addDemoUsers(realm);
        return realm;
    }

    /** A parent as the previous release had them: a verified user with a password and the role parent. */
    private static void createParent() throws Exception {
        HttpResponse<String> created = call("POST", admin + "/users", Map.of("username", PARENT, "email", PARENT,
                "emailVerified", true, "enabled", true, "firstName", "Upgrade", "lastName", "Parent",
                "credentials", List.of(Map.of("type", "password", "value", PARENT_PASSWORD, "temporary", false))));
        assertEquals(201, created.statusCode(), created.body());
        String id = json(call("GET", admin + "/users?exact=true&username=" + encode(PARENT), null)).get(0).path("id").asText();
        JsonNode parentRole = json(call("GET", admin + "/roles/" + KidSafeRealm.ROLE_PARENT, null));
        assertEquals(204, call("POST", admin + "/users/" + id + "/role-mappings/realm", List.of(parentRole)).statusCode());
    }

    /** A toy client as the previous release's KeycloakToyIdentityIssuer made it (its default scopes then). */
    private static void createLegacyToyClient() throws Exception {
        Map<String, Object> client = new HashMap<>(Map.of(
                "clientId", KidSafeRealm.legacyToyClientId(DEVICE), "enabled", true, "protocol", "openid-connect",
                "publicClient", false, "clientAuthenticatorType", "client-secret", "secret", TOY_SECRET,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", false));
        client.put("fullScopeAllowed", false);
        client.put("defaultClientScopes", List.of("basic", "roles", KidSafeRealm.SCOPE_SERVICES, "kidsafe-toy"));
        client.put("protocolMappers", List.of(claim(KidSafeRealm.CLAIM_CHILD_ID, UUID.randomUUID().toString()),
                claim(KidSafeRealm.CLAIM_DEVICE_ID, DEVICE)));
        HttpResponse<String> created = call("POST", admin + "/clients", client);
        assertEquals(201, created.statusCode(), created.body());
        TokenResponse token = KeycloakTokens.clientCredentials(keycloak.issuer(), KidSafeRealm.legacyToyClientId(DEVICE), TOY_SECRET);
        assertTrue(strings(KeycloakTokens.payload(token.accessToken()).get(KidSafeRealm.CLAIM_GROUPS)).contains(KidSafeRealm.ROLE_TOY));
    }

    private static Map<String, Object> claim(String name, String value) {
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", name, "claim.value", value, "jsonType.label", "String", "access.token.claim", "true"));
    }

    private static HttpResponse<String> call(String method, String url, Object body) throws Exception {
        return call(method, url, keycloak.adminToken(), body);
    }

    private static HttpResponse<String> call(String method, String url, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
