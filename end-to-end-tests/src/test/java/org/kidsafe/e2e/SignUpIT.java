package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-up (issue 19 item 1) through the whole platform: a new parent, in headless Chromium
 * ({@code src/test/browser/sign-up.mjs}), goes from the privacy center's "Create an account" to KidSafe's themed
 * registration page, registers, follows the link of the verification mail that Keycloak sent through the platform's
 * SMTP server, and is back in the privacy center signed in, where the API lists no child; the realm then holds the
 * parent as verified, with the role {@code parent} from the default role. Screenshots (sign-up.png first) stay in
 * {@code target/sign-up/}. It runs in English and once more in Spanish (issue 19 item 10).
 */
class SignUpIT {

    private static final Path ARTIFACTS = Path.of("target", "sign-up");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aNewParentSignsUpVerifiesTheEmailAndUsesTheApi() throws Exception {
        String email = signUp("en");
        assertTrue(Files.isRegularFile(ARTIFACTS.resolve("sign-up.png")), "the registration page's screenshot is kept");
        assertTrue(Accounts.emailVerified(email), "verified through the mailed link");
        assertTrue(Accounts.effectiveRealmRoles(email).contains(KidSafeRealm.ROLE_PARENT), "a parent by default");
    }

    /**
     * Issue 19 item 10: the same journey in a browser whose language is Spanish: the themed registration page, Keycloak's
     * pages and its verification mail are in Spanish (sign-up.mjs checks each).
     */
    @Test
    void aNewParentSignsUpInSpanish() throws Exception {
        String email = signUp("es");
        assertTrue(Files.isRegularFile(ARTIFACTS.resolve("sign-up-es.png")), "the Spanish registration page's screenshot is kept");
        assertTrue(Accounts.emailVerified(email), "verified through the mailed link");
        assertTrue(Accounts.effectiveRealmRoles(email).contains(KidSafeRealm.ROLE_PARENT), "a parent by default");
    }

    /** Runs sign-up.mjs for a new parent with the browser in {@code locale}; returns their address. */
    private static String signUp(String locale) throws Exception {
        Platform platform = RunningPlatform.get();
        String email = "new.parent-" + UUID.randomUUID() + "@example.com";
        BrowserJourney.run("sign-up.mjs", ARTIFACTS, Map.of(
                        "GATEWAY_URL", platform.gatewayUrl(),
                        "MAILBOX_URL", platform.mailbox().webUrl(),
                        "NEW_PARENT_EMAIL", email,
                        "NEW_PARENT_PASSWORD", "kidsafe-e2e-" + UUID.randomUUID(),
                        "LOCALE", locale),
                Duration.ofMinutes(3));
        return email;
    }

    /**
     * Every user holds {@code parent} through the default role since sign-up, toys too, and the gateway's exchange passes
     * it on; no service takes a toy for a parent all the same (service-commons' DefaultParentRole).
     */
    @Test
    void aPairedToyHoldsTheDefaultParentRoleButIsNeverTakenForAParent() throws Exception {
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS").withProfile();
        String code = family.journey.createPairingCode(family.parent, family.child);
        ToyCredentialsView credentials = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> family.journey.redeemPairingCode(code, "sign-up-toy-" + UUID.randomUUID()), answer -> answer.status() != 429)
                .expect(201);
        String toy = KeycloakTokens.toy(RunningPlatform.get().keycloak().issuer(), credentials.getUsername(), credentials.getSecret())
                .accessToken();
        String forConsent = Accounts.forService(toy, KidSafeRealm.CONSENT);
        JsonNode exchanged = KeycloakTokens.payload(forConsent);
        assertTrue(strings(exchanged.get(KidSafeRealm.CLAIM_GROUPS)).containsAll(List.of(KidSafeRealm.ROLE_TOY, KidSafeRealm.ROLE_PARENT)),
                "what a service receives for the toy: " + exchanged);

        // Straight at consent-service with that token, past the gateway: the service itself refuses the toy as a parent.
        String children = RunningPlatform.get().service(Platform.CONSENT).baseUrl() + "/v1/children";
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(children)).header("Authorization", "Bearer " + forConsent).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "a toy lists no children as a parent");
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(children)).header("Authorization", "Bearer " + forConsent)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                "a toy registers no child as a parent");
        assertEquals(403, family.journey.children(toy).status(), "nor through the gateway");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
