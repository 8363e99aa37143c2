package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code kidsafe} realm as code: the names that services, the gateway and tests rely on, and the
 * production realm itself ({@value #RESOURCE} on the classpath, in
 * {@code embedded-platform/src/main/resources/keycloak/}).
 *
 * <p>The production realm has no password grant anywhere (not even Keycloak's own {@code admin-cli}),
 * no users but the registrar's service account, and no client secret: Keycloak generates the
 * registrar's secret on import and operators replace it. {@link DevRealm} adds what only
 * development and tests may have.
 */
public final class KidSafeRealm {

    /** Classpath location of the production realm JSON. */
    public static final String RESOURCE = "/keycloak/kidsafe-realm.json";

    public static final String NAME = "kidsafe";

    /** Public client of the mobile app and the web privacy center: code flow with PKCE S256. */
    public static final String PARENT_APP = "kidsafe-parent-app";
    /** Redirect URI of the mobile app (custom scheme). */
    public static final String MOBILE_REDIRECT_URI = "org.kidsafe.app:/oauth2redirect";
    /** Path of the web privacy center on the gateway; its redirect URI is the gateway's URL followed by this path. */
    public static final String PRIVACY_CENTER_PATH = "/privacy-center/";
    /** Redirect URI of the privacy center in the production realm, at the chart's default host; operators set theirs. */
    public static final String PRIVACY_CENTER_REDIRECT_URI = "https://kidsafe.example" + PRIVACY_CENTER_PATH;

    /** Confidential client with a service account that may create and delete clients (profile-service). */
    public static final String DEVICE_REGISTRAR = "kidsafe-device-registrar";

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

    /**
     * Client scope with the gateway's audience (and no other) and the {@code groups} claim; default scope of the app
     * and of toys, so a captured parent or toy token works at the gateway only.
     */
    public static final String SCOPE_SERVICES = "kidsafe-services";
    /** Default scope of the gateway: the claims services read (groups, a toy's child_id/device_id), no audience. */
    public static final String SCOPE_SERVICE_TOKEN = "kidsafe-service-token";

    /**
     * The optional scope of the gateway that puts exactly this service audience into an exchanged token:
     * {@code kidsafe-consent} → {@code kidsafe-consent-audience}.
     */
    public static String audienceScope(String serviceAudience) {
        return serviceAudience + "-audience";
    }
    /** Client scope that puts the realm role {@code toy} in a token; default scope of each toy client only. */
    public static final String SCOPE_TOY = "kidsafe-toy";

    /**
     * Default client scopes that a toy client must be created with: subject, roles, service
     * audiences, and the {@code toy} role.
     */
    public static final List<String> TOY_CLIENT_SCOPES = List.of("basic", "roles", SCOPE_SERVICES, SCOPE_TOY);

    /** Realm roles, also in {@code realm_access.roles}; Quarkus OIDC reads {@code groups} first. */
    public static final String CLAIM_GROUPS = "groups";
    /** Hardcoded claims of each toy client's tokens. */
    public static final String CLAIM_CHILD_ID = "child_id";
    public static final String CLAIM_DEVICE_ID = "device_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KidSafeRealm() {
    }

    /** The client id of a paired toy: {@code toy-<deviceId>}. */
    public static String toyClientId(String deviceId) {
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

    /** The same realm under another name, e.g. to import the production realm beside the dev realm. */
    public static ObjectNode renamed(ObjectNode realm, String name) {
        ObjectNode copy = realm.deepCopy();
        copy.put("realm", name);
        copy.remove("id");
        return copy;
    }

    static String toJson(ObjectNode realm) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
