package org.kidsafe.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.gateway.token.Jwts;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One standard token exchange (RFC 8693) at Keycloak's token endpoint: the gateway's confidential client trades the
 * caller's token for a token whose audience is one service, asking for that audience's optional client scope so that
 * the answer names that audience and no other (realm: {@code kidsafe-<service>-audience}); for a token of the officers'
 * client also the officer scope, the only source of the role {@code compliance-officer} (issue 17 item 3).
 *
 * <p>Every call goes through the gateway's {@link CircuitBreaker} (the same pattern as its calls to services), with a
 * timeout. Outcomes: {@link ServiceToken}; {@link TokenExchangeRefused} when Keycloak refuses the caller's token
 * (4xx other than a refusal of the gateway's own credential); {@link TokenExchangeUnavailable} when Keycloak is down,
 * slow, failing, or refuses the gateway itself (a configuration fault, not the caller's). No token and no secret is
 * ever put into an exception message or a log.
 */
final class KeycloakTokenExchange {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final GatewaySettings.TokenExchange config;
    private final Supplier<String> clientSecret;
    private final URI endpoint;
    private final HttpClient client;
    private final CircuitBreaker breaker;
    private final ObjectMapper json;
    private final Clock clock;

    /** @param clientSecret the gateway's client secret as it is now, asked at each exchange (it may be rotated) */
    KeycloakTokenExchange(GatewaySettings.TokenExchange config, Supplier<String> clientSecret, Vertx vertx, ObjectMapper json, Clock clock) {
        this.config = config;
        this.clientSecret = clientSecret;
        this.endpoint = config.tokenEndpoint();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setSsl("https".equals(endpoint.getScheme())));
        this.breaker = CircuitBreaker.of(config.breaker(), System::nanoTime);
        this.json = json;
        this.clock = clock;
    }

    /** Trades {@code subjectToken} for a token of {@code audience}, reusable until both tokens' earlier expiry less the skew. */
    Future<ServiceToken> exchange(String subjectToken, String audience) {
        String secret;
        try {
            secret = clientSecret.get();
        } catch (RuntimeException unreadable) {
            return Future.failedFuture(new TokenExchangeUnavailable("The gateway's client secret could not be read"));
        }
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new TokenExchangeUnavailable("Keycloak's circuit breaker is open"));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("client_id", config.clientId());
        form.put("client_secret", secret);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", ACCESS_TOKEN_TYPE);
        form.put("requested_token_type", ACCESS_TOKEN_TYPE);
        form.put("audience", audience);
        form.put("scope", scope(subjectToken, audience));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(endpoint.getHost())
                .setPort(endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80)
                .setURI(endpoint.getRawPath())
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .putHeader("Accept", "application/json");
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(encode(form))))
                .compose(response -> response.body().map(body -> answer(response.statusCode(), body, subjectToken)))
                .recover(failure -> Future.failedFuture(failure instanceof TokenExchangeRefused ? failure
                        : failure instanceof TokenExchangeUnavailable ? failure
                        : new TokenExchangeUnavailable("Keycloak could not be asked: " + failure.getClass().getSimpleName())))
                .andThen(outcome -> {
                    if (outcome.failed() && outcome.cause() instanceof TokenExchangeUnavailable) {
                        breaker.failed();
                    } else {
                        breaker.succeeded();
                    }
                });
    }

    /**
     * The audience's scope, and the officer scope for a token of the officer client only (issue 17 item 3): the parent
     * app's token of a user who is also an officer is exchanged without the officer role. The caller's token was verified.
     */
    private String scope(String subjectToken, String audience) {
        String scope = audience + "-audience";
        return config.officerClientId().equals(part(subjectToken, 1).path("azp").asText()) ? scope + " " + config.officerScope() : scope;
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    private ServiceToken answer(int status, Buffer body, String subjectToken) {
        if (status == 200) {
            JsonNode answer = read(body);
            String token = answer.path("access_token").asText(null);
            if (token == null) {
                throw new TokenExchangeUnavailable("Keycloak answered without a token");
            }
            Instant until = earlier(expiry(subjectToken), expiry(token)).minus(config.cacheSkew());
            return new ServiceToken(token, until, Jwts.keyId(token));
        }
        if (status == 401 && "invalid_client".equals(read(body).path("error").asText())) {
            // The gateway's own credential was refused: not the caller's fault, and no retry of theirs helps.
            throw new TokenExchangeUnavailable("Keycloak refused the gateway's client credential");
        }
        if (status >= 400 && status < 500) {
            throw new TokenExchangeRefused("Keycloak refused the subject token: HTTP " + status + " " + read(body).path("error").asText());
        }
        throw new TokenExchangeUnavailable("Keycloak answered HTTP " + status);
    }

    private JsonNode read(Buffer body) {
        try {
            return json.readTree(body.getBytes());
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** The {@code exp} of a JWT Keycloak issued (the caller's was verified already; the new one came from Keycloak itself). */
    private Instant expiry(String jwt) {
        JsonNode claims = part(jwt, 1);
        return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : clock.instant();
    }

    private JsonNode part(String jwt, int index) {
        String[] parts = jwt.split("\\.", 3);
        if (parts.length < 2) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[index]));
        } catch (IOException | IllegalArgumentException e) {
            return json.createObjectNode();
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    void close() {
        client.close();
    }
}
