package org.kidsafe.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.api.client.ApiClient;
import org.kidsafe.api.client.ApiException;
import org.kidsafe.api.client.ApiResponse;
import org.kidsafe.api.client.KidSafeApi;
import org.kidsafe.api.client.api.ChildMediaApi;
import org.kidsafe.api.client.api.ChildrenApi;
import org.kidsafe.api.client.api.ConsentApi;
import org.kidsafe.api.client.api.DisplayNamesApi;
import org.kidsafe.api.client.api.ErasureApi;
import org.kidsafe.api.client.api.NoticesApi;
import org.kidsafe.api.client.api.ParentVerificationApi;
import org.kidsafe.api.client.api.ParentsReviewApi;
import org.kidsafe.api.client.api.ProfileApi;
import org.kidsafe.api.client.api.ToyPairingApi;
import org.kidsafe.api.client.api.ToysApi;
import org.kidsafe.api.client.model.AgeBand;
import org.kidsafe.api.client.model.AggregatedDocument;
import org.kidsafe.api.client.model.Avatar;
import org.kidsafe.api.client.model.ChatPage;
import org.kidsafe.api.client.model.ChatRequest;
import org.kidsafe.api.client.model.ChildPage;
import org.kidsafe.api.client.model.CodeSent;
import org.kidsafe.api.client.model.ConsentFormView;
import org.kidsafe.api.client.model.ConsentPage;
import org.kidsafe.api.client.model.ConsentView;
import org.kidsafe.api.client.model.DataCategory;
import org.kidsafe.api.client.model.EmailCodeRequest;
import org.kidsafe.api.client.model.EmailConfirmRequest;
import org.kidsafe.api.client.model.ErasureStarted;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.api.client.model.GrantConsentRequest;
import org.kidsafe.api.client.model.Jwk;
import org.kidsafe.api.client.model.JwkSet;
import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.api.client.model.MediaPage;
import org.kidsafe.api.client.model.NoticeView;
import org.kidsafe.api.client.model.PairingRequest;
import org.kidsafe.api.client.model.Passed;
import org.kidsafe.api.client.model.ProfileRequest;
import org.kidsafe.api.client.model.ProfileView;
import org.kidsafe.api.client.model.Registered;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.crypto.jwk.EcJwk;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a parent's journey through the public API, exactly as a mobile app and a toy take
 * them: through the gateway, with tokens from Keycloak, and through the Java client generated from
 * the committed contract {@code api/kidsafe-v1.yaml} (module api-client), so a change that breaks
 * the contract breaks the demo and the end-to-end tests built on this class (issue 20 item 3).
 * {@code ./kidsafe demo} prints the steps; the end-to-end tests assert on them.
 */
public final class ParentJourney {

    /** How often a rate-limited public call is asked again before its 429 is the answer. */
    private static final int RATE_LIMITED_RETRIES = 9;

    private static final Pattern EMAILED_CODE = Pattern.compile("\\b(\\d{8})\\b");
    /** The API client's own mapper, for the mailbox's JSON and the receipt's keys alike. */
    private static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper();
    /** Bounds on waiting out an email-code cooldown: consent-service's is 60 s per address and per parent. */
    private static final int MAX_COOLDOWN_RETRIES = 2;
    /** The API's largest page (issue 20 item 4): the fewest calls when a list is read whole. */
    private static final int LARGEST_PAGE = 200;
    private static final Duration MAX_COOLDOWN_WAIT = Duration.ofSeconds(90);

    private final String issuer;
    private final String mailboxUrl;
    private final KidSafeApi anonymous;

    /**
     * @param gatewayUrl the gateway's base URL, e.g. {@code http://127.0.0.1:8080} (the document's paths start at /api)
     * @param issuer     the kidsafe realm's issuer URL
     * @param mailboxUrl the development mailbox's JSON view
     */
    public ParentJourney(String gatewayUrl, String issuer, String mailboxUrl) {
        this.issuer = issuer;
        this.mailboxUrl = mailboxUrl;
        this.anonymous = KidSafeApi.anonymous(URI.create(gatewayUrl));
    }

    /** A parent's access token from the development realm (password grant, development only). */
    public String signIn(String username, String password) {
        return KeycloakTokens.password(issuer, KidSafeRealm.PARENT_APP, username, password).accessToken();
    }

    /**
     * The current notice. Its route is public and so rate-limited per address, one bucket for every replica of the
     * gateway (issue 21): like a well-behaved app, a 429 is waited out as its {@code Retry-After} says, a few times.
     */
    public NoticeView currentNotice() {
        Answer<NoticeView> answer = call(null, NoticesApi::new, NoticesApi::getCurrentNoticeWithHttpInfo);
        for (int retry = 0; answer.status() == 429 && retry < RATE_LIMITED_RETRIES; retry++) {
            Pause.of(retryAfter(answer));
            answer = call(null, NoticesApi::new, NoticesApi::getCurrentNoticeWithHttpInfo);
        }
        return answer.expect(200);
    }

    public UUID registerChild(String parentToken) {
        return registration(parentToken).expect(201).getChildId();
    }

    public Answer<Registered> registration(String parentToken) {
        return call(parentToken, ChildrenApi::new, ChildrenApi::registerChildWithHttpInfo);
    }

    /**
     * Email plus: ask for a code, read it from the development mailbox, confirm it. A code asked for within the cooldown
     * (per address and per parent, issue 17 item 3) is refused with 429 and Retry-After; like any client, this waits
     * that long and asks again, a bounded number of times.
     */
    public Passed verifyByEmail(String parentToken, String email) {
        EmailCodeRequest request = new EmailCodeRequest().email(email);
        Answer<CodeSent> asked = call(parentToken, ParentVerificationApi::new, api -> api.startEmailVerificationWithHttpInfo(request));
        for (int retry = 0; asked.status() == 429 && retry < MAX_COOLDOWN_RETRIES; retry++) {
            Pause.of(retryAfter(asked));
            asked = call(parentToken, ParentVerificationApi::new, api -> api.startEmailVerificationWithHttpInfo(request));
        }
        UUID challenge = asked.expect(202).getChallengeId();
        EmailConfirmRequest confirmation = new EmailConfirmRequest().challengeId(challenge).code(awaitEmailedCode(mailboxUrl, email, Duration.ofSeconds(30)));
        return call(parentToken, ParentVerificationApi::new, api -> api.confirmEmailVerificationWithHttpInfo(confirmation)).expect(200);
    }

    /** Email plus unless the parent already passed a verification, which stays on record: one mail per parent, not per use. */
    public void verifyByEmailOnce(String parentToken, String email) {
        List<Passed> passed = call(parentToken, ParentVerificationApi::new, ParentVerificationApi::getVerificationStatusWithHttpInfo).expect(200).getPassed();
        if (passed == null || passed.isEmpty()) {
            verifyByEmail(parentToken, email);
        }
    }

    private static Duration retryAfter(Answer<?> refused) {
        String header = refused.header("Retry-After");
        long seconds = header.isEmpty() ? 1 : Long.parseLong(header);
        return Duration.ofSeconds(Math.min(Math.max(seconds, 1), MAX_COOLDOWN_WAIT.toSeconds()));
    }

    /** A written verifiable consent form (the signed form as a scan), for an officer's review. */
    public Answer<ConsentFormView> uploadConsentForm(String parentToken, byte[] form, String contentType) {
        return call(parentToken, ParentVerificationApi::new, api -> api.uploadConsentFormWithHttpInfo(form, Map.of("Content-Type", contentType)));
    }

    public Answer<ConsentView> grant(String parentToken, UUID childId, String category, int noticeVersion) {
        GrantConsentRequest request = new GrantConsentRequest().category(DataCategory.fromValue(category)).noticeVersion(noticeVersion);
        return call(parentToken, ConsentApi::new, api -> api.grantConsentWithHttpInfo(childId, request));
    }

    /** Ends one category's consent; consent-service answers 202 with the erasure it started for that category. */
    public Answer<ErasureStarted> revoke(String parentToken, UUID childId, String category) {
        return call(parentToken, ConsentApi::new, api -> api.revokeConsentWithHttpInfo(DataCategory.fromValue(category), childId));
    }

    public List<String> suggestDisplayNames(String parentToken) {
        return call(parentToken, DisplayNamesApi::new, api -> api.suggestDisplayNamesWithHttpInfo(3)).expect(200).getSuggestions();
    }

    public Answer<ProfileView> putProfile(String parentToken, UUID childId, String displayName) {
        ProfileRequest profile = new ProfileRequest().displayName(displayName).ageBand(AgeBand.AGE_8_10).avatar(Avatar.BEAR).preferredLanguage("en-US");
        return call(parentToken, ProfileApi::new, api -> api.replaceProfileWithHttpInfo(childId, profile));
    }

    public Answer<ProfileView> profile(String parentToken, UUID childId) {
        return call(parentToken, ProfileApi::new, api -> api.getProfileWithHttpInfo(childId));
    }

    public String createPairingCode(String parentToken, UUID childId) {
        return call(parentToken, ToyPairingApi::new, api -> api.createPairingCodeWithHttpInfo(childId)).expect(201).getCode();
    }

    /** The toy redeems the code (no token yet) and signs in with the username and secret it received. */
    public String pairToy(String code, String deviceId) {
        ToyCredentialsView credentials = redeemPairingCode(code, deviceId).expect(201);
        return toyToken(credentials.getUsername(), credentials.getSecret());
    }

    /**
     * The toy's half of pairing; a 201 carries what it logs in with: {@code tokenEndpoint}, {@code clientId} (the
     * shared toy client), {@code username} and {@code secret} (password grant), and {@code childId}.
     */
    public Answer<ToyCredentialsView> redeemPairingCode(String code, String deviceId) {
        PairingRequest request = new PairingRequest().code(code).deviceId(deviceId);
        return call(null, ToysApi::new, api -> api.pairToyWithHttpInfo(request));
    }

    /** The parent removes a toy from the child; its identity stops working. */
    public Answer<Void> unpairToy(String parentToken, UUID childId, String deviceId) {
        return call(parentToken, ToysApi::new, api -> api.unpairToyWithHttpInfo(childId, deviceId));
    }

    /**
     * A fresh access token for a paired toy: its password grant on the shared toy client (a real toy does this
     * once, with {@code scope=offline_access}, and then refreshes).
     */
    public String toyToken(String username, String secret) {
        return KeycloakTokens.toy(issuer, username, secret).accessToken();
    }

    public Answer<MediaItem> uploadPhoto(String toyToken, byte[] image, String contentType) {
        return call(toyToken, ToysApi::new, api -> api.uploadMediaWithHttpInfo(image, Map.of("Content-Type", contentType)));
    }

    public Answer<MediaItem> sendChatFromToy(String toyToken, String text) {
        ChatRequest chat = new ChatRequest().text(text);
        return call(toyToken, ToysApi::new, api -> api.sendChatFromToyWithHttpInfo(chat));
    }

    public Answer<MediaItem> sendChatToToy(String parentToken, UUID childId, String text) {
        ChatRequest chat = new ChatRequest().text(text);
        return call(parentToken, ChildMediaApi::new, api -> api.sendChatToToyWithHttpInfo(childId, chat));
    }

    public AggregatedDocument holdings(String parentToken, UUID childId) {
        return call(parentToken, ParentsReviewApi::new, api -> api.getChildHoldingsWithHttpInfo(childId, null)).expect(200);
    }

    public AggregatedDocument export(String parentToken, UUID childId) {
        return call(parentToken, ParentsReviewApi::new, api -> api.exportChildDataWithHttpInfo(childId, null)).expect(200);
    }

    /** Deletes the child everywhere; returns the erasure id to follow. */
    public UUID deleteChild(String parentToken, UUID childId) {
        return call(parentToken, ChildrenApi::new, api -> api.deleteChildWithHttpInfo(childId)).expect(202).getErasureId();
    }

    /** One erasure's status, and its receipt once every service has reported. */
    public ErasureView erasure(String parentToken, UUID erasureId) {
        return call(parentToken, ErasureApi::new, api -> api.getErasureWithHttpInfo(erasureId)).expect(200);
    }

    /** Polls the erasure until its receipt is issued. */
    public ErasureView awaitReceipt(String parentToken, UUID erasureId, Duration timeout) {
        return awaitReceipt(parentToken, erasureId, timeout, Duration.ofMillis(250));
    }

    /** The same, asking every {@code pollEvery}: a benchmark timing the receipt polls finer than a parent's app. */
    public ErasureView awaitReceipt(String parentToken, UUID erasureId, Duration timeout, Duration pollEvery) {
        Instant deadline = Instant.now().plus(timeout);
        ErasureView erasure = null;
        while (Instant.now().isBefore(deadline)) {
            erasure = erasure(parentToken, erasureId);
            if (erasure.getReceipt() != null) {
                return erasure;
            }
            Pause.of(pollEvery);
        }
        throw new IllegalStateException("No receipt within " + timeout + "; last status: " + erasure);
    }

    /** The keys consent-service signs receipts with, current and retired; anonymous, so the gateway's public rate limit applies. */
    public Answer<JwkSet> keys() {
        return call(null, ErasureApi::new, ErasureApi::getKeysWithHttpInfo);
    }

    /**
     * Verifies a receipt as anyone can, with the key consent-service publishes under the receipt's key id (current or
     * retired), and checks it is the receipt of the erasure asked about, for the child asked about: a valid receipt of
     * another erasure or child proves nothing about this one (issue 18 item 4). Returns its claims.
     */
    public JsonNode verifyReceipt(String receipt, UUID erasureId, UUID childId) {
        String keyId = Es256Jws.keyId(receipt);
        for (Jwk jwk : keys().expect(200).getKeys()) {
            if (keyId.equals(jwk.getKid())) {
                JsonNode claims = Es256Jws.verify(receipt, EcJwk.publicKey(JSON.<JsonNode>valueToTree(jwk)));
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

    // The lists are paged (issue 20 item 4): the first page answers whether a list is reachable at all; listMedia and
    // consents follow each page's next to the end, as an app showing everything does.

    /** The first page of the parent's children. */
    public Answer<ChildPage> children(String parentToken) {
        return call(parentToken, ChildrenApi::new, api -> api.listChildrenWithHttpInfo(null, null));
    }

    /** The first page of the child's media. */
    public Answer<MediaPage> media(String parentToken, UUID childId) {
        return call(parentToken, ChildMediaApi::new, api -> api.listMediaWithHttpInfo(childId, null, null, null));
    }

    /** Every item the parent can list, page after page. */
    public List<MediaItem> listMedia(String parentToken, UUID childId) {
        return everyPage(after -> call(parentToken, ChildMediaApi::new,
                api -> api.listMediaWithHttpInfo(childId, after, null, LARGEST_PAGE)).expect(200), MediaPage::getItems, MediaPage::getNext);
    }

    /** The toy's inbox, first page: the parent's messages to the child; 403 until media-service has learnt of the pairing. */
    public Answer<ChatPage> chatInbox(String toyToken) {
        return call(toyToken, ToysApi::new, api -> api.getChatInboxWithHttpInfo(null, null));
    }

    /** The child's whole consent history, granted and revoked. */
    public List<ConsentView> consents(String parentToken, UUID childId) {
        return everyPage(after -> call(parentToken, ConsentApi::new,
                api -> api.listConsentsWithHttpInfo(childId, after, LARGEST_PAGE)).expect(200), ConsentPage::getItems, ConsentPage::getNext);
    }

    private static <P, T> List<T> everyPage(Function<String, P> page, Function<P, List<T>> items, Function<P, String> next) {
        List<T> all = new ArrayList<>();
        String after = null;
        do {
            P current = page.apply(after);
            all.addAll(items.apply(current));
            after = next.apply(current);
        } while (after != null);
        return all;
    }

    /** One operation of one generated API class, e.g. {@code api -> api.registerChildWithHttpInfo()}. */
    @FunctionalInterface
    private interface Operation<A, T> {
        ApiResponse<T> on(A api) throws ApiException;
    }

    /**
     * Calls one operation as the holder of {@code token} (a parent's or a toy's; {@code null}: anonymous), on the same
     * HTTP connections for every caller ({@code KidSafeApi.withToken}).
     */
    private <A, T> Answer<T> call(String token, Function<ApiClient, A> apiClass, Operation<A, T> operation) {
        KidSafeApi caller = token == null ? anonymous : anonymous.withToken(() -> token);
        return Answer.of(() -> operation.on(caller.api(apiClass)));
    }

    /**
     * The newest 8-digit code the development mailbox at {@code mailboxUrl} holds for {@code email}, polled until
     * {@code timeout}; also how a test reads a code a previous release mailed.
     */
    public static String awaitEmailedCode(String mailboxUrl, String email, Duration timeout) {
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
            } catch (IOException e) {
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
