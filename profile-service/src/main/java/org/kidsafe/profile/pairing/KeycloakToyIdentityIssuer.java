package org.kidsafe.profile.pairing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates and deletes toy clients through the Keycloak Admin REST API, as the confidential client
 * {@code kidsafe-device-registrar} (client-credentials grant). A toy client can only use the
 * client-credentials grant; its tokens carry the hardcoded claims {@code child_id} and
 * {@code device_id}, and, through its default client scopes, the service audiences
 * ({@code kidsafe-services}) and the {@code toy} role ({@code kidsafe-toy}). The registrar needs only
 * manage-clients: no role is mapped onto any user.
 */
@ApplicationScoped
public class KeycloakToyIdentityIssuer implements ToyIdentityIssuer {

    private static final Logger LOG = Logger.getLogger(KeycloakToyIdentityIssuer.class);
    private static final int SECRET_BYTES = 32;

    private final KeycloakSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    KeycloakToyIdentityIssuer(KeycloakSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public ToyCredentials issue(String deviceId, UUID childId) {
        String token = registrarToken();
        String clientId = ToyIdentityIssuer.clientIdOf(deviceId);
        // A retried pairing (or a re-pair after a factory reset) replaces the old client and its secret.
        findClient(token, clientId).ifPresent(existing -> delete(token, "/clients/" + existing));
        String secret = newSecret();
        HttpResponse<String> created = send(token, "POST", "/clients", toyClient(clientId, secret, deviceId, childId));
        expect(created, 201, "create toy client");
        LOG.infof("Toy client %s created", clientId);
        return new ToyCredentials(clientId, secret);
    }

    @Override
    public void withdraw(String deviceId) {
        String token = registrarToken();
        String clientId = ToyIdentityIssuer.clientIdOf(deviceId);
        findClient(token, clientId).ifPresent(internalId -> {
            delete(token, "/clients/" + internalId);
            LOG.infof("Toy client %s deleted", clientId);
        });
    }

    private Map<String, Object> toyClient(String clientId, String secret, String deviceId, UUID childId) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("name", "KidSafe toy " + deviceId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secret);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("implicitFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("frontchannelLogout", false);
        // The toy scope gives the toy role; no full scope, so no default realm roles or account audience leak in.
        client.put("fullScopeAllowed", false);
        client.put("defaultClientScopes", settings.toyClientScopes());
        client.put("attributes", Map.of("oauth2.device.authorization.grant.enabled", "false",
                "oidc.ciba.grant.enabled", "false", "use.refresh.tokens", "false"));
        client.put("protocolMappers", List.of(hardcodedClaim("child_id", childId.toString()), hardcodedClaim("device_id", deviceId)));
        return client;
    }

    private static Map<String, Object> hardcodedClaim(String claim, String value) {
        return Map.of(
                "name", claim,
                "protocol", "openid-connect",
                "protocolMapper", "oidc-hardcoded-claim-mapper",
                "consentRequired", false,
                "config", Map.of(
                        "claim.name", claim,
                        "claim.value", value,
                        "jsonType.label", "String",
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "userinfo.token.claim", "false",
                        "introspection.token.claim", "true"));
    }

    private Optional<String> findClient(String token, String clientId) {
        HttpResponse<String> found = send(token, "GET", "/clients?clientId=" + encode(clientId) + "&search=false", null);
        expect(found, 200, "find toy client");
        for (JsonNode client : parse(found.body())) {
            if (clientId.equals(client.path("clientId").asText())) {
                return Optional.of(client.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private void delete(String token, String path) {
        HttpResponse<String> deleted = send(token, "DELETE", path, null);
        if (deleted.statusCode() != 404) {
            expect(deleted, 204, "delete toy client");
        }
    }

    private String registrarToken() {
        String secret = settings.registrarSecret().orElseThrow(() -> {
            LOG.error("kidsafe.keycloak.registrar-secret is not configured");
            return new IdentityProviderUnavailableException();
        });
        String form = "grant_type=client_credentials&client_id=" + encode(settings.registrarClientId()) + "&client_secret=" + encode(secret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/realms/" + encode(settings.realm()) + "/protocol/openid-connect/token"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = exchange(request);
        expect(response, 200, "registrar token");
        return parse(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> send(String token, String method, String adminPath, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/admin/realms/" + encode(settings.realm()) + adminPath))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return exchange(request.build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.errorf("Keycloak unreachable (%s %s): %s", request.method(), request.uri().getPath(), e.getMessage());
            throw new IdentityProviderUnavailableException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailableException();
        }
    }

    private static void expect(HttpResponse<String> response, int status, String step) {
        if (response.statusCode() != status) {
            // The body may echo client data; log the status only.
            LOG.errorf("Keycloak refused to %s: HTTP %d", step, response.statusCode());
            throw new IdentityProviderUnavailableException();
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IdentityProviderUnavailableException();
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unserialisable Keycloak request", e);
        }
    }

    private String base() {
        return settings.url().replaceAll("/+$", "");
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String lastPathSegment(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
