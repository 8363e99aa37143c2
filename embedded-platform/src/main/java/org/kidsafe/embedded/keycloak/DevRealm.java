package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The development {@code kidsafe} realm, for the launcher and tests only: the production realm of
 * {@link KidSafeRealm} plus
 * <ul>
 *   <li>the password grant on {@value KidSafeRealm#PARENT_APP} (handy for scripts and tests),</li>
 *   <li>the web privacy center on loopback ({@code http://127.0.0.1:8080/*}, {@code http://localhost:8080/*})
 *       as redirect URIs of that client, and with {@link #realm(String)} the privacy center of a gateway on any
 *       other address (tests run the gateway on a free port),</li>
 *   <li>the fixed secret {@value #REGISTRAR_SECRET} for {@value KidSafeRealm#DEVICE_REGISTRAR},</li>
 *   <li>the fixed secret {@value #GATEWAY_SECRET} for {@value KidSafeRealm#GATEWAY} (its token exchange),</li>
 *   <li>the fixed secret {@value #ERASURE_OPERATOR_SECRET} for {@value KidSafeRealm#ERASURE_OPERATOR} (the erasure replay),</li>
 *   <li>the fixed secret {@value #PARENT_ACCOUNTS_SECRET} for {@value KidSafeRealm#PARENT_ACCOUNTS} (deleting a leaving parent's user),</li>
 *   <li>three demo users with verified emails: {@link #ALICE}, {@link #BOB} (role {@code parent}) and
 *       {@link #CAROL} (role {@code compliance-officer}, who signs in at {@value KidSafeRealm#OFFICER_CONSOLE} with an
 *       authenticator whose key is {@link #CAROL_OTP_SECRET}: codes from {@link Totp}),</li>
 *   <li>no email verification of new accounts, unless {@link #realm(String, int)} names the platform's SMTP server
 *       (the launcher's and the end-to-end tests' development mailbox), which then sends Keycloak's mail.</li>
 * </ul>
 * Never import this realm anywhere but on a developer's machine or in a test.
 */
public final class DevRealm {

    /**
     * Secret of {@value KidSafeRealm#DEVICE_REGISTRAR} in the development realm as imported, for tests of Keycloak alone.
     * The launcher's platform replaces it at each start with the secret in its {@code keys/} (rotatable: issue 16 item 5).
     */
    public static final String REGISTRAR_SECRET = "kidsafe-dev-registrar-secret";

    /** Secret of {@value KidSafeRealm#GATEWAY} in the development realm as imported; replaced like {@link #REGISTRAR_SECRET}. */
    public static final String GATEWAY_SECRET = "kidsafe-dev-gateway-secret";

    /** Secret of {@value KidSafeRealm#ERASURE_OPERATOR} in the development realm as imported; replaced like {@link #REGISTRAR_SECRET}. */
    public static final String ERASURE_OPERATOR_SECRET = "kidsafe-dev-erasure-operator-secret";

    /** Secret of {@value KidSafeRealm#PARENT_ACCOUNTS} in the development realm as imported; replaced like {@link #REGISTRAR_SECRET}. */
    public static final String PARENT_ACCOUNTS_SECRET = "kidsafe-dev-parent-accounts-secret";

    /** Loopback origins of the web privacy center in development. */
    public static final List<String> DEV_REDIRECT_URIS = List.of("http://127.0.0.1:8080/*", "http://localhost:8080/*");

    /**
     * A demo user of the development realm; its username is its email. The id is fixed because it
     * is the token subject that owns the user's children: the realm is re-imported at every start,
     * and the children kept in the data folder must still belong to the same parent.
     */
    public record DemoUser(String id, String username, String password, String role, String firstName, String lastName) {
    }

    public static final DemoUser ALICE = new DemoUser("0a11ce00-0000-4000-8000-000000000001", "parent.alice@example.com",
            "kidsafe-demo-alice", KidSafeRealm.ROLE_PARENT, "Alice", "Demo");
    public static final DemoUser BOB = new DemoUser("0b0b0000-0000-4000-8000-000000000002", "parent.bob@example.com",
            "kidsafe-demo-bob", KidSafeRealm.ROLE_PARENT, "Bob", "Demo");
    public static final DemoUser CAROL = new DemoUser("0ca20100-0000-4000-8000-000000000003", "officer.carol@example.com",
            "kidsafe-demo-carol", KidSafeRealm.ROLE_COMPLIANCE_OFFICER, "Carol", "Demo");
    public static final List<DemoUser> USERS = List.of(ALICE, BOB, CAROL);
    /**
     * The demo officer's authenticator key (issue 17 item 3: officers sign in with a one-time code), as the UTF-8 bytes
     * Keycloak stores; {@link Totp#code} makes her codes. Development only, like the demo passwords.
     */
    public static final String CAROL_OTP_SECRET = "kidsafe-demo-carol-otp";

    private DevRealm() {
    }

    /** The development realm as JSON text, ready for {@link KeycloakServer.Builder#realmJson(String)}. */
    public static String json() {
        return KidSafeRealm.toJson(realm());
    }

    /**
     * The development realm for a gateway at {@code gatewayUrl}: its privacy center's page is also a redirect URI
     * (and so, through {@code "+"}, a web origin) of the parent app. Only that exact page, never a wildcard.
     */
    public static ObjectNode realm(String gatewayUrl) {
        ObjectNode realm = realm();
        ((ArrayNode) client(realm, KidSafeRealm.PARENT_APP).get("redirectUris")).add(gatewayUrl + KidSafeRealm.PRIVACY_CENTER_PATH);
        return realm;
    }

    /**
     * The development realm of the platform ({@code ./kidsafe up}, the end-to-end tests): {@link #realm(String)} with
     * production's email verification, Keycloak's mail going to the development mailbox's SMTP server on loopback, so a
     * parent who signs up gets the verification link there (issue 19 item 1).
     */
    public static ObjectNode realm(String gatewayUrl, int smtpPort) {
        ObjectNode realm = realm(gatewayUrl);
        realm.put("verifyEmail", true);
        ObjectNode smtp = realm.putObject("smtpServer");
        smtp.put("host", "127.0.0.1");
        smtp.put("port", Integer.toString(smtpPort));
        smtp.put("from", SENDER);
        smtp.put("fromDisplayName", "KidSafe");
        return realm;
    }

    /** Sender of Keycloak's mail in development, as consent-service's on the platform. */
    public static final String SENDER = "no-reply@kidsafe.localhost";

    /** The development realm: the production realm with the additions listed above. */
    public static ObjectNode realm() {
        ObjectNode realm = KidSafeRealm.load();
        realm.put("verifyEmail", false);

        ObjectNode app = client(realm, KidSafeRealm.PARENT_APP);
        app.put("directAccessGrantsEnabled", true);
        ArrayNode redirects = (ArrayNode) app.get("redirectUris");
        DEV_REDIRECT_URIS.forEach(redirects::add);

        client(realm, KidSafeRealm.DEVICE_REGISTRAR).put("secret", REGISTRAR_SECRET);
        client(realm, KidSafeRealm.GATEWAY).put("secret", GATEWAY_SECRET);
        client(realm, KidSafeRealm.ERASURE_OPERATOR).put("secret", ERASURE_OPERATOR_SECRET);
        client(realm, KidSafeRealm.PARENT_ACCOUNTS).put("secret", PARENT_ACCOUNTS_SECRET);

        addDemoUsers(realm);
        return realm;
    }

    /** The demo users, with their passwords, added to a realm export (also the previous release's, in its upgrade test). */
    static void addDemoUsers(ObjectNode realm) {
        ArrayNode users = realm.get("users") instanceof ArrayNode existing ? existing : realm.putArray("users");
        for (DemoUser demo : USERS) {
            ObjectNode user = users.addObject();
            user.put("id", demo.id());
            user.put("username", demo.username());
            user.put("email", demo.username());
            user.put("emailVerified", true);
            user.put("firstName", demo.firstName());
            user.put("lastName", demo.lastName());
            user.put("enabled", true);
            user.putArray("realmRoles").add(demo.role());
            ObjectNode password = user.putArray("credentials").addObject();
            password.put("type", "password");
            password.put("value", demo.password());
            password.put("temporary", false);
            if (demo == CAROL) {
                ((ArrayNode) user.get("credentials")).addObject().put("type", "otp").put("userLabel", "demo authenticator")
                        .put("secretData", "{\"value\":\"" + CAROL_OTP_SECRET + "\"}")
                        .put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
            }
        }
    }

    private static ObjectNode client(ObjectNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return (ObjectNode) client;
            }
        }
        throw new IllegalStateException("Client " + clientId + " is missing from " + KidSafeRealm.RESOURCE);
    }
}
