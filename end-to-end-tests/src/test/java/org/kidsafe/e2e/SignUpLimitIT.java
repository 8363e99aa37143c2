package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Nginx;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.testsupport.DebianPackages;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-up is limited in front of Keycloak (issue 19 item 1; Keycloak has no registration rate limit of its own): the
 * platform's Keycloak behind a local nginx with the chart's sign-up limit ({@link Nginx.SignUpLimit}, the settings the
 * chart's sign-up Ingress gives ingress-nginx). One client asking for the registration page faster than the limit gets
 * 429 with a problem+json body from nginx, on both registration paths; its sign-in page is not limited.
 */
class SignUpLimitIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aClientSigningUpFasterThanTheLimitGets429AndStillSignsIn() throws Exception {
        DebianPackages.ensure("Debian's nginx", Nginx::installed, "nginx");
        KeycloakServer keycloak = RunningPlatform.get().keycloak();
        Nginx.SignUpLimit limit = new Nginx.SignUpLimit(KidSafeRealm.NAME, 10, 2);
        try (Nginx nginx = Nginx.proxying("127.0.0.1:" + keycloak.httpPort(), Path.of("target", "nginx-sign-up-limit"), limit)) {
            String query = "?client_id=" + KidSafeRealm.PARENT_APP + "&response_type=code&scope=openid&redirect_uri="
                    + URLEncoder.encode(RunningPlatform.get().gatewayUrl() + KidSafeRealm.PRIVACY_CENTER_PATH, StandardCharsets.UTF_8)
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
            String registrations = nginx.baseUrl() + limit.paths().get(1) + query;
            int burst = limit.requestsPerMinute() * limit.burstMultiplier();

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < burst + 5; i++) {
                statuses.add(get(registrations).statusCode());
            }
            assertTrue(statuses.subList(0, burst).stream().allMatch(status -> status == 200),
                    "the burst reaches Keycloak's registration page: " + statuses);
            assertEquals(429, statuses.get(statuses.size() - 1), "then the limit: " + statuses);

            HttpResponse<String> limited = get(registrations);
            assertEquals(429, limited.statusCode());
            assertEquals("application/problem+json", limited.headers().firstValue("Content-Type").orElse(""));
            assertTrue(limited.headers().firstValue("Retry-After").isPresent());
            JsonNode problem = JSON.readTree(limited.body());
            assertEquals(429, problem.path("status").asInt());
            assertTrue(problem.path("type").asText().endsWith("/sign-up-rate-limited"), problem.toString());

            assertEquals(429, get(nginx.baseUrl() + limit.paths().get(0) + query).statusCode(),
                    "the registration form's own path shares the limit");
            assertNotEquals(429, get(nginx.baseUrl() + "/realms/" + KidSafeRealm.NAME + "/protocol/openid-connect/auth" + query)
                    .statusCode(), "signing in is not limited");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
