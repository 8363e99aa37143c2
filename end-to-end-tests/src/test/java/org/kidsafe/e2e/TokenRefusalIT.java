package org.kidsafe.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.kidsafe.infrastructure.client.ApiClient;
import org.kidsafe.infrastructure.client.ApiResponse;
import org.kidsafe.infrastructure.keycloak.DevRealm;
import org.kidsafe.infrastructure.keycloak.KeycloakTokens;
import org.kidsafe.infrastructure.keycloak.KidSafeRealm;
import org.kidsafe.infrastructure.platform.Platform;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forged, expired and misdirected tokens are refused by the gateway and by every service called
 * directly, so a compromised pod cannot impersonate the gateway.
 */
class TokenRefusalIT {

    /** A parent-only endpoint of each component, called with each bad token. */
    static Stream<String[]> targets() {
        Platform platform = RunningPlatform.get();
        return Stream.of(
                new String[] {"gateway", platform.gatewayUrl() + "/api", "/v1/children"},
                new String[] {Platform.CONSENT, platform.service(Platform.CONSENT).baseUrl(), "/v1/children"},
                new String[] {Platform.PROFILE, platform.service(Platform.PROFILE).baseUrl(), "/v1/display-names/suggestions"},
                new String[] {Platform.MEDIA, platform.service(Platform.MEDIA).baseUrl(), "/v1/chat/inbox"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void noTokenIsUnauthorized(String component, String baseUrl, String path) {
        assertRefused(new ApiClient(baseUrl).get(path, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void forgedTokensAreUnauthorized(String component, String baseUrl, String path) throws Exception {
        ApiClient client = new ApiClient(baseUrl);
        String genuine = Accounts.alice();
        for (Map.Entry<String, String> forged : forgeries(genuine).entrySet()) {
            ApiResponse answer = client.get(path, forged.getValue());
            assertEquals(401, answer.status(), component + " accepted a token " + forged.getKey() + ": " + answer.text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aTokenOfAnotherRealmIsUnauthorized(String component, String baseUrl, String path) {
        assertRefused(new ApiClient(baseUrl).get(path, Accounts.masterRealmAdmin()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aGenuineTokenForAnotherAudienceIsUnauthorized(String component, String baseUrl, String path) {
        String registrar = KeycloakTokens.clientCredentials(RunningPlatform.get().keycloak().issuer(), KidSafeRealm.DEVICE_REGISTRAR,
                DevRealm.REGISTRAR_SECRET).accessToken();
        assertFalse(KeycloakTokens.payload(registrar).path("aud").toString().contains("kidsafe-"), "the registrar token must not name KidSafe");
        assertRefused(new ApiClient(baseUrl).get(path, registrar));
    }

    @Test
    void anExpiredTokenIsUnauthorizedEverywhere() throws InterruptedException {
        String expiring = Accounts.expiringAlice();
        Thread.sleep(2_500);
        targets().forEach(target -> assertRefused(new ApiClient(target[1]).get(target[2], expiring)));
        String fresh = Accounts.alice();
        assertTrue(KeycloakTokens.payload(fresh).path("exp").asLong() - KeycloakTokens.payload(fresh).path("iat").asLong() > 60,
                "the parent app's usual token lifespan must be back");
    }

    @Test
    void theGenuineTokenIsAccepted() {
        String alice = Accounts.alice();
        targets().forEach(target -> {
            ApiResponse answer = new ApiClient(target[1]).get(target[2], alice);
            assertTrue(answer.status() != 401 && answer.status() < 500, target[0] + " refused a genuine token: " + answer.status() + " " + answer.text());
        });
    }

    /** Variations of a genuine token that no component may accept. */
    private static Map<String, String> forgeries(String genuine) throws Exception {
        var claims = KeycloakTokens.payload(genuine);
        Map<String, Object> claimMap = new ObjectMapper().convertValue(claims, new TypeReference<Map<String, Object>>() { });
        String[] parts = genuine.split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey otherKey = generator.generateKeyPair().getPrivate();
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String kid = header.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String payload = parts[1];
        String tamperedPayload = b64(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                .replace(claims.path("sub").asText(), "00000000-0000-4000-8000-00000000beef"));
        return Map.of(
                "signed with another key", Jwt.claims(claimMap).jws().keyId(kid).sign(otherKey),
                "with alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".",
                "with a tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2],
                "truncated", parts[0] + "." + parts[1]);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(ApiResponse answer) {
        assertEquals(401, answer.status(), answer.text());
        assertTrue(answer.isProblem(), "401 must be problem+json, was " + answer.contentType());
        assertTrue(!answer.text().contains("Exception"), answer.text());
    }
}
