package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Token requests against a real Keycloak and decoding of the tokens' payloads, for tests and the
 * launcher. Payloads are only decoded here, never verified: services verify signatures with Quarkus OIDC.
 */
public final class KeycloakTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The answer of a token endpoint: HTTP status and JSON body. */
    public record TokenResponse(int status, JsonNode body) {

        public boolean ok() {
            return status == 200 && body.hasNonNull("access_token");
        }

        /** The access token; fails with the endpoint's error otherwise. */
        public String accessToken() {
            if (!ok()) {
                throw new IllegalStateException("Token request refused: HTTP " + status + " " + body);
            }
            return body.get("access_token").asText();
        }

        /** The OAuth error code, such as {@code unauthorized_client}, or null. */
        public String error() {
            return body.hasNonNull("error") ? body.get("error").asText() : null;
        }
    }

    private KeycloakTokens() {
    }

    /** {@code <issuer>/protocol/openid-connect/token} */
    public static String tokenEndpoint(String issuer) {
        return issuer + "/protocol/openid-connect/token";
    }

    public static TokenResponse password(String issuer, String clientId, String username, String password) {
        return request(issuer, Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", "openid"));
    }

    /**
     * A paired toy's login: the password grant on the shared client {@value KidSafeRealm#TOY_CLIENT} with the
     * username and secret pairing gave it, asking for an offline session so that it only refreshes afterwards.
     */
    public static TokenResponse toy(String issuer, String username, String secret) {
        return request(issuer, Map.of("grant_type", "password", "client_id", KidSafeRealm.TOY_CLIENT,
                "username", username, "password", secret, "scope", "offline_access"));
    }

    /** A refresh-token grant (a toy renewing its access token from its offline session). */
    public static TokenResponse refresh(String issuer, String clientId, String refreshToken) {
        return request(issuer, Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
    }

    public static TokenResponse clientCredentials(String issuer, String clientId, String clientSecret) {
        return request(issuer, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
    }

    /** RFC 8693 grant type of Keycloak's standard token exchange. */
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** RFC 8693 token type of an access token. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /**
     * Standard token exchange (issue 16 item 4): {@code clientId} (the gateway) trades a token whose audience names
     * it for a token of one service's audience, asking for that audience's optional scope
     * ({@link KidSafeRealm#audienceScope(String)}) so that the new token carries that audience and no other.
     */
    public static TokenResponse exchange(String issuer, String clientId, String clientSecret, String subjectToken, String audience) {
        return request(issuer, Map.of("grant_type", TOKEN_EXCHANGE, "client_id", clientId, "client_secret", clientSecret,
                "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN_TYPE,
                "requested_token_type", ACCESS_TOKEN_TYPE, "audience", audience, "scope", KidSafeRealm.audienceScope(audience)));
    }

    /** POSTs a form to the token endpoint of the realm with this issuer. */
    public static TokenResponse request(String issuer, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint(issuer)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
            return new TokenResponse(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("Token request to " + issuer + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Access tokens of a master-realm administrator ({@code admin-cli} password grant), each reused for 20 s: the
     * master realm's tokens live a minute, and a sign-in per Admin API call would be slow.
     */
    public static Supplier<String> masterAdmin(String keycloakUrl, String username, String password) {
        String issuer = keycloakUrl.replaceAll("/+$", "") + "/realms/master";
        return new Supplier<>() {
            private String current;
            private long fetchedAt;

            @Override
            public synchronized String get() {
                if (current == null || System.nanoTime() - fetchedAt > Duration.ofSeconds(20).toNanos()) {
                    current = password(issuer, "admin-cli", username, password).accessToken();
                    fetchedAt = System.nanoTime();
                }
                return current;
            }
        };
    }

    /** The claims of a JWT (its middle part), not verified. */
    public static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not a JWT");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
