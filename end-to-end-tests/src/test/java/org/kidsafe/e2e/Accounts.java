package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.BrowserSignIn;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.embedded.keycloak.Totp;
import org.kidsafe.launcher.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Real tokens from the platform's Keycloak, and the journey steps bound to the running platform. */
final class Accounts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIFESPAN = "access.token.lifespan";
    private static final String TRUSTED_TEST_KEY = "e2e-attack-test-key";
    /** The authenticator key of the officers {@link #newOfficer} makes. */
    private static final String OFFICER_OTP_SECRET = "kidsafe-e2e-officer-otp";
    private static String carolRefreshToken;
    private static ParentJourney journey;

    private Accounts() {
    }

    /** The journey's steps against the running platform; one for all tests, as it keeps no state between calls. */
    static synchronized ParentJourney journey() {
        if (journey == null) {
            Platform platform = RunningPlatform.get();
            journey = new ParentJourney(platform.gatewayUrl(), platform.keycloak().issuer(), platform.mailbox().webUrl());
        }
        return journey;
    }

    static String alice() {
        return journey().signIn(DevRealm.ALICE.username(), DevRealm.ALICE.password());
    }

    static String bob() {
        return journey().signIn(DevRealm.BOB.username(), DevRealm.BOB.password());
    }

    /**
     * The demo officer's token, from the officer console (issue 17 item 3): password, then the one-time code of her
     * authenticator, through Keycloak's login pages. Keycloak takes each code once, so later calls refresh the one
     * session instead of signing in again within the same 30 seconds.
     */
    static synchronized String carol() {
        String issuer = RunningPlatform.get().keycloak().issuer();
        if (carolRefreshToken != null) {
            KeycloakTokens.TokenResponse refreshed = KeycloakTokens.refresh(issuer, KidSafeRealm.OFFICER_CONSOLE, carolRefreshToken);
            if (refreshed.ok()) {
                carolRefreshToken = refreshed.body().path("refresh_token").asText();
                return refreshed.accessToken();
            }
        }
        try {
            BrowserSignIn browser = BrowserSignIn.open(issuer, KidSafeRealm.OFFICER_CONSOLE, KidSafeRealm.OFFICER_CONSOLE_REDIRECT_URI);
            browser.submit(Map.of("username", DevRealm.CAROL.username(), "password", DevRealm.CAROL.password()));
            String code = browser.submit(Map.of("otp", Totp.code(DevRealm.CAROL_OTP_SECRET, Instant.now())))
                    .orElseThrow(() -> new AssertionError("Carol was not signed in at the officer console: " + browser.page()));
            KeycloakTokens.TokenResponse tokens = browser.token(code);
            carolRefreshToken = tokens.body().path("refresh_token").asText();
            return tokens.accessToken();
        } catch (Exception e) {
            throw new IllegalStateException("Officer sign-in failed", e);
        }
    }

    /**
     * Runs {@code call} with the parent-app token of a user holding both the parent and the compliance-officer role
     * (issue 17 item 3), signed in with a password only, as the parent app does. The dev realm has no such user, so one is
     * made through the admin API for the call and deleted after it.
     */
    static <T> T asParentAndOfficerInTheParentApp(Function<String, T> call) {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        Parent user = newUser("parent-officer", "Dual", "Role", KidSafeRealm.ROLE_PARENT, KidSafeRealm.ROLE_COMPLIANCE_OFFICER);
        try {
            KeycloakTokens.TokenResponse tokens = KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, user.email(),
                    user.password());
            if (!tokens.ok()) {
                throw new IllegalStateException("The parent-and-officer user was not signed in at the parent app: " + tokens.body());
            }
            return call.apply(tokens.accessToken());
        } finally {
            admin(keycloak, "DELETE", "/users/" + user.id(), null);
        }
    }

    /** A parent account made for a test through the admin API: its id (the token's subject), address and password. */
    record Parent(UUID id, String email, String password) {
        String token() {
            return journey().signIn(email, password);
        }
    }

    /**
     * A new parent (the role {@code parent}, address verified), made for one test through the admin API: a second guardian
     * of a child (issue 19 item 4), or an account a test ends, as leaving KidSafe does (item 5): the demo parents are
     * shared by every test.
     */
    static Parent newParent(String label) {
        return newUser(label, "New", "Parent", KidSafeRealm.ROLE_PARENT);
    }

    /**
     * A new compliance officer's token from the officer console of {@code keycloak} (password, then a one-time code), for a
     * platform other than the shared one: the realm a previous release made keeps its users as they were (issue 21 item 8),
     * so its demo officer has no authenticator, and the console would first make her set one up.
     */
    static String newOfficer(KeycloakServer keycloak) {
        Parent officer = newUser(keycloak, "officer", "New", "Officer", OFFICER_OTP_SECRET, KidSafeRealm.ROLE_COMPLIANCE_OFFICER);
        try {
            BrowserSignIn browser = BrowserSignIn.open(keycloak.issuer(), KidSafeRealm.OFFICER_CONSOLE, KidSafeRealm.OFFICER_CONSOLE_REDIRECT_URI);
            browser.submit(Map.of("username", officer.email(), "password", officer.password()));
            String code = browser.submit(Map.of("otp", Totp.code(OFFICER_OTP_SECRET, Instant.now())))
                    .orElseThrow(() -> new AssertionError("The new officer was not signed in at the officer console: " + browser.page()));
            return browser.token(code).accessToken();
        } catch (Exception e) {
            throw new IllegalStateException("Officer sign-in failed", e);
        }
    }

    /** A user of the shared platform's realm made through the admin API, address verified, holding {@code roles}. */
    private static Parent newUser(String label, String firstName, String lastName, String... roles) {
        return newUser(RunningPlatform.get().keycloak(), label, firstName, lastName, null, roles);
    }

    /** The same on {@code keycloak}, with an authenticator whose key is {@code otpSecret} unless null (as the dev realm's officer has). */
    private static Parent newUser(KeycloakServer keycloak, String label, String firstName, String lastName, String otpSecret, String... roles) {
        String username = label + "-" + UUID.randomUUID() + "@example.com";
        String password = "kidsafe-e2e-" + UUID.randomUUID();
        ObjectNode user = JSON.createObjectNode().put("username", username).put("email", username).put("emailVerified", true)
                .put("firstName", firstName).put("lastName", lastName).put("enabled", true);
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        if (otpSecret != null) {
            credentials.addObject().put("type", "otp").put("userLabel", "e2e authenticator").put("secretData", "{\"value\":\"" + otpSecret + "\"}")
                    .put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        }
        admin(keycloak, "POST", "/users", user);
        String userId = admin(keycloak, "GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null)
                .get(0).path("id").asText();
        ArrayNode roleMappings = JSON.createArrayNode();
        for (String role : roles) {
            roleMappings.add(admin(keycloak, "GET", "/roles/" + role, null));
        }
        admin(keycloak, "POST", "/users/" + userId + "/role-mappings/realm", roleMappings);
        return new Parent(UUID.fromString(userId), username, password);
    }

    /** Whether the realm still has the user (leaving KidSafe deletes it). */
    static boolean exists(String username) {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        return !admin(keycloak, "GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null).isEmpty();
    }

    /** The realm roles a user of the platform's realm holds, directly or through a composite (the default role). */
    static List<String> effectiveRealmRoles(String username) {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        JsonNode found = admin(keycloak, "GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        if (found.isEmpty()) {
            throw new AssertionError("No user " + username + " in the realm");
        }
        List<String> roles = new ArrayList<>();
        admin(keycloak, "GET", "/users/" + found.get(0).path("id").asText() + "/role-mappings/realm/composite", null)
                .forEach(role -> roles.add(role.path("name").asText()));
        return roles;
    }

    /** Whether the user's email address is verified in the realm. */
    static boolean emailVerified(String username) {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        return admin(keycloak, "GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null)
                .path(0).path("emailVerified").asBoolean();
    }

    /**
     * What the gateway sends a service on the caller's behalf: {@code token} exchanged, with the gateway's credential,
     * for that service's audience alone (issue 16 item 4). A test holding it holds what that service receives.
     */
    static String forService(String token, String audience) {
        return KeycloakTokens.exchange(RunningPlatform.get().keycloak().issuer(), KidSafeRealm.GATEWAY,
                RunningPlatform.get().keycloakClientSecret(Platform.GATEWAY),
                token, audience).accessToken();
    }

    /** A genuine Keycloak token for Alice that lives one second: the realm is told so, then put back. */
    static String expiringAlice() {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        ObjectNode client = (ObjectNode) parentAppClient(keycloak);
        String usual = client.path("attributes").path(LIFESPAN).asText("");
        client.with("attributes").put(LIFESPAN, "1");
        updateClient(keycloak, client);
        try {
            return KeycloakTokens.password(keycloak.issuer(), KidSafeRealm.PARENT_APP, DevRealm.ALICE.username(), DevRealm.ALICE.password())
                    .accessToken();
        } finally {
            // An empty value means the realm's lifespan again; leaving the attribute out of the update would keep "1".
            client.with("attributes").put(LIFESPAN, usual);
            updateClient(keycloak, client);
        }
    }

    /** A token Keycloak issued in another realm (master): right signer family, wrong issuer and audience. */
    static String masterRealmAdmin() {
        return RunningPlatform.get().keycloak().adminToken();
    }

    /**
     * Makes the realm trust one more signing key, as a passive key (published for verification, never used
     * by Keycloak to sign): tokens the test signs with it pass the signature check, so only their claims can
     * be why they are refused. Returns the key's id in the realm's key set.
     */
    static String trustSigningKey(KeyPair key) {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        String realmId = admin(keycloak, "GET", "", null).path("id").asText();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        ObjectNode component = JSON.createObjectNode().put("name", TRUSTED_TEST_KEY).put("providerId", "rsa")
                .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        config.putArray("privateKey").add(pem);
        config.putArray("active").add("false");
        config.putArray("enabled").add("true");
        config.putArray("priority").add("-100");
        config.putArray("algorithm").add("RS256");
        admin(keycloak, "POST", "/components", component);
        String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        for (JsonNode published : admin(keycloak, "GET", "/keys", null).path("keys")) {
            if (publicKey.equals(published.path("publicKey").asText())) {
                return published.path("kid").asText();
            }
        }
        throw new IllegalStateException("Keycloak does not list the key it was given");
    }

    /** Takes back {@link #trustSigningKey}. */
    static void distrustSigningKeys() {
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        for (JsonNode component : admin(keycloak, "GET", "/components?name=" + TRUSTED_TEST_KEY, null)) {
            admin(keycloak, "DELETE", "/components/" + component.path("id").asText(), null);
        }
    }

    /** The realm's own public key (DER), as anyone can read it from the realm's endpoint. */
    static byte[] realmPublicKey() {
        String key = new ApiClient(RunningPlatform.get().keycloak().issuer()).get("", null).expect(200).path("public_key").asText();
        return Base64.getDecoder().decode(key);
    }

    private static JsonNode parentAppClient(KeycloakServer keycloak) {
        JsonNode clients = admin(keycloak, "GET", "/clients?clientId=" + KidSafeRealm.PARENT_APP, null);
        return clients.get(0);
    }

    private static void updateClient(KeycloakServer keycloak, JsonNode client) {
        admin(keycloak, "PUT", "/clients/" + client.path("id").asText(), client);
    }

    private static JsonNode admin(KeycloakServer keycloak, String method, String path, JsonNode body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME + path))
                    .header("Authorization", "Bearer " + keycloak.adminToken())
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak admin " + method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
