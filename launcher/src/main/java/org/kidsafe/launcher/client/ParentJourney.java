package org.kidsafe.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.crypto.jwk.EcJwk;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a parent's journey through the public API, exactly as a mobile app and a toy take
 * them: through the gateway, with tokens from Keycloak. {@code ./kidsafe demo} prints them; the
 * end-to-end tests assert on them.
 */
public final class ParentJourney {

    private static final Pattern EMAILED_CODE = Pattern.compile("\\b(\\d{8})\\b");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds on waiting out an email-code cooldown: consent-service's is 60 s per address and per parent. */
    private static final int MAX_COOLDOWN_RETRIES = 2;
    private static final Duration MAX_COOLDOWN_WAIT = Duration.ofSeconds(90);

    private final ApiClient api;
    private final String issuer;
    private final String mailboxUrl;

    /**
     * @param gatewayUrl the gateway's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param issuer     the kidsafe realm's issuer URL
     * @param mailboxUrl the development mailbox's JSON view
     */
    public ParentJourney(String gatewayUrl, String issuer, String mailboxUrl) {
        this.api = new ApiClient(gatewayUrl + "/api");
        this.issuer = issuer;
        this.mailboxUrl = mailboxUrl;
    }

    public ApiClient api() {
        return api;
    }

    /** A parent's access token from the development realm (password grant, development only). */
    public String signIn(String username, String password) {
        return KeycloakTokens.password(issuer, KidSafeRealm.PARENT_APP, username, password).accessToken();
    }

    public JsonNode currentNotice() {
        return api.get("/v1/notices/current", null).expect(200);
    }

    public UUID registerChild(String parentToken) {
        return UUID.fromString(api.post("/v1/children", parentToken, Map.of()).expect(201).path("childId").asText());
    }

    /**
     * Email plus: ask for a code, read it from the development mailbox, confirm it. A code asked for within the cooldown
     * (per address and per parent, issue 17 item 3) is refused with 429 and Retry-After; like any client, this waits
     * that long and asks again, a bounded number of times.
     */
    public JsonNode verifyByEmail(String parentToken, String email) {
        ApiResponse asked = api.post("/v1/verification/email", parentToken, Map.of("email", email));
        for (int retry = 0; asked.status() == 429 && retry < MAX_COOLDOWN_RETRIES; retry++) {
            Pause.of(retryAfter(asked));
            asked = api.post("/v1/verification/email", parentToken, Map.of("email", email));
        }
        JsonNode sent = asked.expect(202);
        String code = awaitEmailedCode(email, Duration.ofSeconds(30));
        return api.post("/v1/verification/email/confirmation", parentToken,
                Map.of("challengeId", sent.path("challengeId").asText(), "code", code)).expect(200);
    }

    /** Email plus unless the parent already passed a verification, which stays on record: one mail per parent, not per use. */
    public void verifyByEmailOnce(String parentToken, String email) {
        if (api.get("/v1/verification", parentToken).expect(200).path("passed").isEmpty()) {
            verifyByEmail(parentToken, email);
        }
    }

    private static Duration retryAfter(ApiResponse refused) {
        long seconds = refused.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
        return Duration.ofSeconds(Math.min(Math.max(seconds, 1), MAX_COOLDOWN_WAIT.toSeconds()));
    }

    public ApiResponse grant(String parentToken, UUID childId, String category, int noticeVersion) {
        return api.post("/v1/children/" + childId + "/consents", parentToken, Map.of("category", category, "noticeVersion", noticeVersion));
    }

    /** Ends one category's consent; consent-service answers 202 with the erasure it started for that category. */
    public ApiResponse revoke(String parentToken, UUID childId, String category) {
        return api.delete("/v1/children/" + childId + "/consents/" + category, parentToken);
    }

    public List<String> suggestDisplayNames(String parentToken) {
        JsonNode suggestions = api.get("/v1/display-names/suggestions?count=3", parentToken).expect(200).path("suggestions");
        return JSON.convertValue(suggestions, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    public ApiResponse putProfile(String parentToken, UUID childId, String displayName) {
        return api.put("/v1/children/" + childId + "/profile", parentToken,
                Map.of("displayName", displayName, "ageBand", "AGE_8_10", "avatar", "BEAR", "preferredLanguage", "en-US"));
    }

    public String createPairingCode(String parentToken, UUID childId) {
        return api.post("/v1/children/" + childId + "/pairing-codes", parentToken, Map.of()).expect(201).path("code").asText();
    }

    /** The toy redeems the code (no token yet) and signs in with the username and secret it received. */
    public String pairToy(String code, String deviceId) {
        JsonNode credentials = redeemPairingCode(code, deviceId).expect(201);
        return toyToken(credentials.path("username").asText(), credentials.path("secret").asText());
    }

    /**
     * The toy's half of pairing; a 201 carries what it logs in with: {@code tokenEndpoint}, {@code clientId} (the
     * shared toy client), {@code username} and {@code secret} (password grant), and {@code childId}.
     */
    public ApiResponse redeemPairingCode(String code, String deviceId) {
        return api.post("/v1/toys/pairings", null, Map.of("code", code, "deviceId", deviceId));
    }

    /**
     * A fresh access token for a paired toy: its password grant on the shared toy client (a real toy does this
     * once, with {@code scope=offline_access}, and then refreshes).
     */
    public String toyToken(String username, String secret) {
        return KeycloakTokens.toy(issuer, username, secret).accessToken();
    }

    public ApiResponse uploadPhoto(String toyToken, byte[] image, String contentType) {
        return api.postBytes("/v1/media", toyToken, contentType, image);
    }

    public ApiResponse sendChatFromToy(String toyToken, String text) {
        return api.post("/v1/chat", toyToken, Map.of("text", text));
    }

    public JsonNode listMedia(String parentToken, UUID childId) {
        return api.get("/v1/children/" + childId + "/media", parentToken).expect(200);
    }

    public JsonNode holdings(String parentToken, UUID childId) {
        return api.get("/v1/children/" + childId + "/holdings", parentToken).expect(200);
    }

    public JsonNode export(String parentToken, UUID childId) {
        return api.get("/v1/children/" + childId + "/export", parentToken).expect(200);
    }

    /** Deletes the child everywhere; returns the erasure id to follow. */
    public UUID deleteChild(String parentToken, UUID childId) {
        return UUID.fromString(api.delete("/v1/children/" + childId, parentToken).expect(202).path("erasureId").asText());
    }

    /** Polls the erasure until its receipt is issued. */
    public JsonNode awaitReceipt(String parentToken, UUID erasureId, Duration timeout) {
        return awaitReceipt(parentToken, erasureId, timeout, Duration.ofMillis(250));
    }

    /** The same, asking every {@code pollEvery}: a benchmark timing the receipt polls finer than a parent's app. */
    public JsonNode awaitReceipt(String parentToken, UUID erasureId, Duration timeout, Duration pollEvery) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode erasure = null;
        while (Instant.now().isBefore(deadline)) {
            erasure = api.get("/v1/erasures/" + erasureId, parentToken).expect(200);
            if (erasure.hasNonNull("receipt")) {
                return erasure;
            }
            Pause.of(pollEvery);
        }
        throw new IllegalStateException("No receipt within " + timeout + "; last status: " + erasure);
    }

    /**
     * Verifies a receipt as anyone can, with the key consent-service publishes under the receipt's key id (current or
     * retired), and checks it is the receipt of the erasure asked about, for the child asked about: a valid receipt of
     * another erasure or child proves nothing about this one (issue 18 item 4). Returns its claims.
     */
    public JsonNode verifyReceipt(String receipt, UUID erasureId, UUID childId) {
        JsonNode keys = api.get("/v1/keys", null).expect(200).path("keys");
        String keyId = Es256Jws.keyId(receipt);
        for (JsonNode jwk : keys) {
            if (jwk.path("kid").asText().equals(keyId)) {
                JsonNode claims = Es256Jws.verify(receipt, EcJwk.publicKey(jwk));
                if (!childId.toString().equals(claims.path("childId").asText())) {
                    throw new WrongReceiptException("The receipt is about child " + claims.path("childId").asText() + ", not " + childId);
                }
                if (!erasureId.toString().equals(claims.path("erasureId").asText())) {
                    throw new WrongReceiptException("The receipt is of erasure " + claims.path("erasureId").asText() + ", not " + erasureId);
                }
                return claims;
            }
        }
        throw new IllegalStateException("No published key " + keyId);
    }

    /** A validly signed receipt of another erasure or another child. */
    public static final class WrongReceiptException extends IllegalStateException {

        public WrongReceiptException(String message) {
            super(message);
        }
    }

    private String awaitEmailedCode(String email, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> mail = http.send(HttpRequest.newBuilder(URI.create(mailboxUrl + "?to=" + email)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode messages = JSON.readTree(mail.body());
                for (int i = messages.size() - 1; i >= 0; i--) {
                    Matcher code = EMAILED_CODE.matcher(messages.get(i).path("body").asText());
                    if (code.find()) {
                        return code.group(1);
                    }
                }
            } catch (java.io.IOException e) {
                // The mailbox is local; try again until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException("No confirmation code was mailed to " + email);
    }
}
