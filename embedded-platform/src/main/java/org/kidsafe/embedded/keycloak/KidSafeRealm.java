package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The {@code kidsafe} realm as code: the names that services, the gateway and tests rely on, and the
 * production realm itself ({@value #RESOURCE} on the classpath, in
 * {@code embedded-platform/src/main/resources/keycloak/}).
 *
 * <p>The production realm has no password grant anywhere but on {@value #TOY_CLIENT}, whose login flow
 * refuses anyone who is not a toy (not even Keycloak's own {@code admin-cli} has one), no users but the
 * registrar's service account, and no client secret: Keycloak generates the registrar's secret on import and
 * operators replace it. {@link DevRealm} adds what only
 * development and tests may have.
 */
public final class KidSafeRealm {

    /** Classpath location of the production realm JSON. */
    public static final String RESOURCE = "/keycloak/kidsafe-realm.json";

    public static final String NAME = "kidsafe";

    /** Public client of the mobile app and the web privacy center: code flow with PKCE S256. */
    public static final String PARENT_APP = "kidsafe-parent-app";
    /**
     * Browser flow of {@link #PARENT_APP}: the session cookie or the password form, then access denied to anyone holding
     * {@value #ROLE_TOY}, {@value #ROLE_COMPLIANCE_OFFICER} or {@value #ROLE_ERASURE_OPERATOR}. Every user holds
     * {@value #ROLE_PARENT} by default (issue 19 item 1) and the app's tokens map that role alone, so without this
     * flow an officer or a toy signed in there would be a parent to every service, and leaving would delete their user.
     */
    public static final String PARENT_BROWSER_FLOW = "parent browser";
    /** Redirect URI of the mobile app (custom scheme). */
    public static final String MOBILE_REDIRECT_URI = "org.kidsafe.app:/oauth2redirect";
    /** Path of the web privacy center on the gateway; its redirect URI is the gateway's URL followed by this path. */
    public static final String PRIVACY_CENTER_PATH = "/privacy-center/";
    /** Redirect URI of the privacy center in the production realm, at the chart's default host; operators set theirs. */
    public static final String PRIVACY_CENTER_REDIRECT_URI = "https://kidsafe.example" + PRIVACY_CENTER_PATH;

    /**
     * Public client of compliance officers (issue 17 item 3): code flow with PKCE S256, every sign-in through
     * {@value #OFFICER_BROWSER_FLOW} (password, then a one-time code), and the only client whose tokens carry the role
     * {@value #ROLE_COMPLIANCE_OFFICER} (through {@link #SCOPE_OFFICER}): the parent app's carry {@value #ROLE_PARENT}
     * alone, so an officer signed in there holds no officer role anywhere.
     */
    public static final String OFFICER_CONSOLE = "kidsafe-officer-console";
    /** Redirect URI of the officer console in the production realm, at the chart's default host; operators set theirs. */
    public static final String OFFICER_CONSOLE_REDIRECT_URI = "https://kidsafe.example/officer-console/";
    /** Browser flow of {@link #OFFICER_CONSOLE}: username and password form, then the OTP form, both required, no cookie step. */
    public static final String OFFICER_BROWSER_FLOW = "officer browser";

    /**
     * Confidential client of profile-service whose service account may create, read and delete members of
     * {@link #TOYS_GROUP} and nothing else (fine-grained admin permission {@value #REGISTRAR_PERMISSION},
     * realm-management {@code query-users}; docs/design/toy-identity.md).
     */
    public static final String DEVICE_REGISTRAR = "kidsafe-device-registrar";
    /** The registrar's one fine-grained admin permission (FGAP v2), on the group of toys. */
    public static final String REGISTRAR_PERMISSION = "registrar-manages-toys";

    /**
     * Confidential client of consent-service that deletes the account of a parent who left or was purged as idle (issue 19
     * item 5), with realm-management {@code manage-users}, its only role: Keycloak has no delete-only right, and a
     * fine-grained (v2) users-wide permission for one client denies every other client's, the registrar's included
     * (deploy/README.md, "The parent-accounts client's rights").
     */
    public static final String PARENT_ACCOUNTS = "kidsafe-parent-accounts";

    /** Public client every paired toy logs in with: password grant only, denied to anyone without the role toy. */
    public static final String TOY_CLIENT = "kidsafe-toy";
    /** The group of toy users; its members get the realm role {@code toy}. Only the registrar creates members. */
    public static final String TOYS_GROUP = "/toys";
    /** Fixed id of {@link #TOYS_GROUP}: the registrar's permission names the group by id. */
    public static final String TOYS_GROUP_ID = "5e7f0c1a-70e5-4d1c-9a3b-000000000701";
    /** Direct-grant flow of {@link #TOY_CLIENT}: username, password, then deny anyone who is not a toy. */
    public static final String TOY_DIRECT_GRANT_FLOW = "toy direct grant";
    /** User attributes of a toy, admin-only in the user profile, mapped into its tokens by {@link #TOY_CLIENT}. */
    public static final String ATTRIBUTE_CHILD_ID = "child_id";
    public static final String ATTRIBUTE_DEVICE_PSEUDONYM = "device_pseudonym";
    /** Domain of toys' synthetic usernames ({@code toy-<random uuid>@toys.invalid}). */
    public static final String TOY_USERNAME_DOMAIN = "toys.invalid";

    /**
     * Ids fixed in the realm file (the group of toys and the login flows). Keycloak keeps them on import and
     * they are unique across realms, so {@link #renamed} gives a copy its own.
     */
    static final List<String> FIXED_IDS = List.of(TOYS_GROUP_ID,
            "5e7f0c1a-70e5-4d1c-9a3b-000000000702", "5e7f0c1a-70e5-4d1c-9a3b-000000000703", "5e7f0c1a-70e5-4d1c-9a3b-000000000704",
            "5e7f0c1a-70e5-4d1c-9a3b-000000000705", "5e7f0c1a-70e5-4d1c-9a3b-000000000706", "5e7f0c1a-70e5-4d1c-9a3b-000000000707",
            "5e7f0c1a-70e5-4d1c-9a3b-000000000708", "5e7f0c1a-70e5-4d1c-9a3b-000000000709");

    /**
     * The audience of every parent and toy token, and the one client that may exchange such a token (standard
     * token exchange, RFC 8693) for a token of one service's audience (issue 16 item 4). Confidential: operators
     * set its secret.
     */
    public static final String GATEWAY = "kidsafe-gateway";
    /** Audience-only clients: each service accepts only tokens whose {@code aud} names it, which only the gateway obtains. */
    public static final String CONSENT = "kidsafe-consent";
    public static final String PROFILE = "kidsafe-profile";
    public static final String MEDIA = "kidsafe-media";

    public static final String ROLE_PARENT = "parent";
    public static final String ROLE_COMPLIANCE_OFFICER = "compliance-officer";
    public static final String ROLE_TOY = "toy";
    /** Replays erasures after a database restore; held only by {@link #ERASURE_OPERATOR}'s service account. */
    public static final String ROLE_ERASURE_OPERATOR = "erasure-operator";

    /**
     * Confidential client of the operator's {@code ./kidsafe erasures replay} (issue 18 item 1): client credentials only,
     * tokens with audience {@value #CONSENT} and the role {@value #ROLE_ERASURE_OPERATOR}, nothing else. No service holds
     * its secret; operators set it.
     */
    public static final String ERASURE_OPERATOR = "kidsafe-erasure-operator";

    /**
     * Client scope with the gateway's audience (and no other) and the {@code groups} claim; default scope of the app
     * and of toys, so a captured parent or toy token works at the gateway only.
     */
    public static final String SCOPE_SERVICES = "kidsafe-services";
    /**
     * The only source of the role {@value #ROLE_COMPLIANCE_OFFICER} in a token (issue 17 item 3): a default scope of
     * {@link #OFFICER_CONSOLE} and an optional scope of {@link #GATEWAY}, which asks for it in an exchange only for a
     * token of the officer console ({@code azp}), so the parent app's token of an officer never reaches a service as an
     * officer's.
     */
    public static final String SCOPE_OFFICER = "kidsafe-officer";
    /** Default scope of the gateway: the claims services read (groups, a toy's child_id/device_id), no audience. */
    public static final String SCOPE_SERVICE_TOKEN = "kidsafe-service-token";

    /**
     * The optional scope of the gateway that puts exactly this service audience into an exchanged token:
     * {@code kidsafe-consent} → {@code kidsafe-consent-audience}.
     */
    public static String audienceScope(String serviceAudience) {
        return serviceAudience + "-audience";
    }

    /** Realm roles, also in {@code realm_access.roles}; Quarkus OIDC reads {@code groups} first. */
    public static final String CLAIM_GROUPS = "groups";
    /** Claims of a toy's tokens: its child, and its device's pseudonym (never the raw device id; issue 16). */
    public static final String CLAIM_CHILD_ID = "child_id";
    public static final String CLAIM_DEVICE_ID = "device_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KidSafeRealm() {
    }

    /** The client id a toy had before toys became users: {@code toy-<deviceId>} (what {@code toys migrate} looks for). */
    public static String legacyToyClientId(String deviceId) {
        return "toy-" + deviceId;
    }

    /** A fresh, mutable copy of the production realm. */
    public static ObjectNode load() {
        try (InputStream in = KidSafeRealm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Realm resource " + RESOURCE + " is not on the classpath");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The production realm as JSON text, unchanged. */
    public static String json() {
        return toJson(load());
    }

    /**
     * The same realm under another name, e.g. to import the production realm beside the dev realm: the ids fixed
     * in the file ({@link #FIXED_IDS}) are replaced by ids derived from the new name, wherever they are referred to.
     */
    public static ObjectNode renamed(ObjectNode realm, String name) {
        String json = toJson(realm);
        for (String id : FIXED_IDS) {
            json = json.replace(id, UUID.nameUUIDFromBytes((name + "/" + id).getBytes(StandardCharsets.UTF_8)).toString());
        }
        try {
            ObjectNode copy = (ObjectNode) JSON.readTree(json);
            copy.put("realm", name);
            copy.remove("id");
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(ObjectNode realm) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
