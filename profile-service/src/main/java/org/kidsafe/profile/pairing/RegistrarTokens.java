package org.kidsafe.profile.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.secrets.SecretFiles;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The registrar's access token (client-credentials grant), fetched once and reused until shortly before it
 * expires (issue 21: no token request per admin call). Kept here rather than in quarkus-oidc-client: that
 * extension would add a second OIDC configuration tree with discovery at start-up for one token, while this
 * service already treats an absent or refused registrar secret as "identity provider unavailable" (503).
 */
@ApplicationScoped
public class RegistrarTokens {

    private static final Logger LOG = Logger.getLogger(RegistrarTokens.class);
    /** Renew this long before expiry, so a token never expires between being handed out and being used. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final KeycloakSettings settings;
    private final SecretFiles secrets;
    private final KeycloakHttp http;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    RegistrarTokens(KeycloakSettings settings, SecretFiles secrets, KeycloakHttp http, Clock clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
    }

    /** A token valid for at least {@link #RENEW_BEFORE_EXPIRY}. */
    public synchronized String current() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets the token, e.g. after Keycloak answered 401 to it (secret rotated, session revoked). */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        // Read at each fetch: after ./kidsafe rotate profile-service --keycloak the next token comes with the new secret.
        String secret = secrets.current(SecretFiles.KEYCLOAK_CLIENT, settings.registrarSecret()).orElseThrow(() -> {
            LOG.error("Neither kidsafe.secret-files.keycloak-client nor kidsafe.keycloak.registrar-secret is configured");
            return new IdentityProviderUnavailableException();
        });
        String form = "grant_type=client_credentials&client_id=" + encode(settings.registrarClientId()) + "&client_secret=" + encode(secret);
        Instant requested = clock.instant();
        HttpResponse<String> response = http.exchange(HttpRequest.newBuilder(URI.create(settings.tokenEndpointAt(settings.url())))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        KeycloakHttp.expect(response, 200, "registrar token");
        JsonNode body = http.parse(response.body());
        token = body.path("access_token").asText();
        long lifetime = body.path("expires_in").asLong(60);
        renewAt = requested.plusSeconds(lifetime).minus(RENEW_BEFORE_EXPIRY);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
