package org.kidsafe.profile.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
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
import java.util.function.Function;

/**
 * Toy identities as Keycloak users of the group {@code /toys} (docs/design/toy-identity.md, issue 16 item 2 and
 * issue 21 item 4), through the Admin REST API as {@code kidsafe-device-registrar}, whose fine-grained admin
 * permission lets it create users only in that group and touch nothing else. The shared client
 * {@code kidsafe-toy} maps the user attributes {@code child_id} and {@code device_pseudonym} into the toy's
 * tokens ({@code child_id}, {@code device_id}) and the group gives the role {@code toy}.
 */
@ApplicationScoped
public class KeycloakToyIdentityIssuer implements ToyIdentityIssuer {

    private static final Logger LOG = Logger.getLogger(KeycloakToyIdentityIssuer.class);
    private static final int SECRET_BYTES = 32;

    private final KeycloakSettings settings;
    private final KeycloakHttp http;
    private final RegistrarTokens tokens;
    private final SecureRandom random = new SecureRandom();

    KeycloakToyIdentityIssuer(KeycloakSettings settings, KeycloakHttp http, RegistrarTokens tokens) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
    }

    @Override
    public ToyIdentity issue(String username, UUID childId, String devicePseudonym) {
        String secret = newSecret();
        HttpResponse<String> created = admin("POST", "/users", toyUser(username, childId, devicePseudonym, secret));
        String id;
        if (created.statusCode() == 409) {
            // A retried pairing whose first answer was lost: the user exists, give it this secret.
            id = idOf(username).orElseThrow(IdentityProviderUnavailableException::new);
            HttpResponse<String> reset = admin("PUT", "/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", secret, "temporary", false));
            KeycloakHttp.expect(reset, 204, "reset a toy's secret");
        } else {
            KeycloakHttp.expect(created, 201, "create a toy user");
            String location = created.headers().firstValue("Location").orElseThrow(IdentityProviderUnavailableException::new);
            id = location.substring(location.lastIndexOf('/') + 1);
        }
        LOG.infof("Toy user %s created", id);
        return new ToyIdentity(id, new ToyCredentials(username, secret));
    }

    @Override
    public Optional<String> idOf(String username) {
        HttpResponse<String> found = admin("GET", "/users?exact=true&briefRepresentation=true&username=" + encode(username), null);
        KeycloakHttp.expect(found, 200, "find a toy user");
        for (JsonNode user : http.parse(found.body())) {
            if (username.equalsIgnoreCase(user.path("username").asText())) {
                return Optional.of(user.path("id").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public void withdraw(String identityId) {
        HttpResponse<String> deleted = admin("DELETE", "/users/" + encode(identityId), null);
        if (deleted.statusCode() == 404) {
            return;
        }
        KeycloakHttp.expect(deleted, 204, "delete a toy user");
        LOG.infof("Toy user %s deleted", identityId);
    }

    /**
     * The user as the registrar may create it: in the toys' group only (without {@code groups} Keycloak refuses
     * the registrar), verified synthetic email, the two attributes the toy client maps, and its secret.
     */
    private Map<String, Object> toyUser(String username, UUID childId, String devicePseudonym, String secret) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("email", username);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("groups", List.of(settings.toyGroup()));
        user.put("attributes", Map.of("child_id", List.of(childId.toString()), "device_pseudonym", List.of(devicePseudonym)));
        user.put("credentials", List.of(Map.of("type", "password", "value", secret, "temporary", false)));
        return user;
    }

    /** One Admin API call with the cached registrar token; a 401 (token revoked, secret rotated) is retried once with a new token. */
    private HttpResponse<String> admin(String method, String path, Object body) {
        Function<String, HttpResponse<String>> call = token -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url().replaceAll("/+$", "") + "/admin/realms/" + encode(settings.realm()) + path))
                    .timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(http.write(body)));
            }
            return http.exchange(request.build());
        };
        HttpResponse<String> response = call.apply(tokens.current());
        if (response.statusCode() == 401) {
            tokens.invalidate();
            response = call.apply(tokens.current());
        }
        return response;
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
