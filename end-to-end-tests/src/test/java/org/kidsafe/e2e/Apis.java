package org.kidsafe.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.api.client.ApiClient;
import org.kidsafe.api.client.ApiException;
import org.kidsafe.api.client.api.AccountApi;
import org.kidsafe.api.client.api.ApiDescriptionApi;
import org.kidsafe.api.client.api.ChildMediaApi;
import org.kidsafe.api.client.api.ChildrenApi;
import org.kidsafe.api.client.api.ComplianceApi;
import org.kidsafe.api.client.api.ConsentApi;
import org.kidsafe.api.client.api.DisplayNamesApi;
import org.kidsafe.api.client.api.ErasureApi;
import org.kidsafe.api.client.api.HouseholdsApi;
import org.kidsafe.api.client.api.NoticesApi;
import org.kidsafe.api.client.api.ParentVerificationApi;
import org.kidsafe.api.client.api.ParentsReviewApi;
import org.kidsafe.api.client.api.ProfileApi;
import org.kidsafe.api.client.api.ToyPairingApi;
import org.kidsafe.api.client.api.ToysApi;
import org.kidsafe.embedded.Pause;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generated Java client (module api-client, made from the committed contract {@code api/kidsafe-v1.yaml}, issue 20
 * item 3) bound to one caller's token, for the attack tests: a call goes through the typed method of its operationId,
 * so a change that breaks the contract breaks the test. Each API class is made on demand with its own HTTP client,
 * so each call has its own connection, as {@link Gateway#client()} does for the raw calls.
 */
final class Apis {

    /** Every generated API class: where the typed method of each documented operationId must be found. */
    static final List<Class<?>> CLASSES = List.of(AccountApi.class, ApiDescriptionApi.class, ChildMediaApi.class, ChildrenApi.class, ComplianceApi.class,
            ConsentApi.class, DisplayNamesApi.class, ErasureApi.class, HouseholdsApi.class, NoticesApi.class, ParentVerificationApi.class,
            ParentsReviewApi.class, ProfileApi.class, ToyPairingApi.class, ToysApi.class);

    /** The client's own mapper, as an app gets it. */
    static final ObjectMapper LENIENT = ApiClient.createDefaultObjectMapper();

    /**
     * The client's mapper, refusing an answer field the contract does not document: the leak check searches the answer
     * the typed client returns, so nothing the server sends may be dropped on the way.
     */
    static final ObjectMapper STRICT = ApiClient.createDefaultObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An upload's own media type, sent instead of the first one the contract lists. */
    static final Map<String, String> PNG = Map.of("Content-Type", "image/png");

    private static final int PATIENCE = 20;

    private final ApiClient client;

    private Apis(String token, ObjectMapper mapper, AtomicReference<HttpResponse<InputStream>> reached) {
        client = new ApiClient(HttpClient.newBuilder(), mapper, RunningPlatform.get().gatewayUrl());
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        client.setResponseInterceptor(reached::set);
    }

    /** One typed call of the generated client. */
    @FunctionalInterface
    interface Call {
        Object on(Apis apis) throws ApiException;
    }

    /**
     * What a typed call did on the wire.
     *
     * @param method  the HTTP method sent, null if the client sent nothing
     * @param path    the gateway path sent (below {@code /api}, without the query)
     * @param sent    the path and query sent, for "the attacker sent it himself"
     * @param status  the status answered, 0 if nothing was answered
     * @param body    the answer: the returned model serialised with the client's mapper (a download's bytes as Latin-1), or
     *                a refusal's body
     * @param failure why the client could not complete the call although the server answered (e.g. an undocumented
     *                field under {@link #STRICT}), null otherwise
     */
    record Answer(String method, String path, String sent, int status, String body, String failure) {
    }

    /** Calls as {@code token} (null: anonymously), repeating after a 429 as a well-behaved app does. */
    static Answer call(String token, ObjectMapper mapper, Call call) {
        for (int attempt = 1; ; attempt++) {
            AtomicReference<HttpResponse<InputStream>> reached = new AtomicReference<>();
            try {
                Object result = call.on(new Apis(token, mapper, reached));
                return answer(reached.get(), text(result, mapper), null);
            } catch (ApiException e) {
                if (e.getCode() == 429 && attempt < PATIENCE) {
                    long seconds = e.getResponseHeaders().firstValueAsLong("Retry-After").orElse(1);
                    Pause.of(Duration.ofMillis(Math.max(200, Math.min(seconds, 5) * 1000)));
                    continue;
                }
                boolean answered = e.getCode() != 0;
                return answer(reached.get(), answered ? String.valueOf(e.getResponseBody()) : "", answered ? null : String.valueOf(e.getCause()));
            }
        }
    }

    private static Answer answer(HttpResponse<InputStream> response, String body, String failure) {
        if (response == null) {
            return new Answer(null, null, "", 0, body, failure == null ? "nothing was sent" : failure);
        }
        URI uri = response.request().uri();
        String path = uri.getRawPath().substring(AttackSurface.GATEWAY_PREFIX.length());
        String sent = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Answer(response.request().method(), path, sent, response.statusCode(), body, failure);
    }

    private static String text(Object result, ObjectMapper mapper) {
        try {
            if (result instanceof byte[] download) {
                return new String(download, StandardCharsets.ISO_8859_1);
            }
            return result == null ? "" : mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The generated model could not be serialised", e);
        }
    }

    AccountApi account() {
        return new AccountApi(client);
    }

    ApiDescriptionApi apiDescription() {
        return new ApiDescriptionApi(client);
    }

    ChildMediaApi childMedia() {
        return new ChildMediaApi(client);
    }

    ChildrenApi children() {
        return new ChildrenApi(client);
    }

    ComplianceApi compliance() {
        return new ComplianceApi(client);
    }

    ConsentApi consent() {
        return new ConsentApi(client);
    }

    DisplayNamesApi displayNames() {
        return new DisplayNamesApi(client);
    }

    ErasureApi erasure() {
        return new ErasureApi(client);
    }

    HouseholdsApi households() {
        return new HouseholdsApi(client);
    }

    NoticesApi notices() {
        return new NoticesApi(client);
    }

    ParentVerificationApi parentVerification() {
        return new ParentVerificationApi(client);
    }

    ParentsReviewApi parentsReview() {
        return new ParentsReviewApi(client);
    }

    ProfileApi profile() {
        return new ProfileApi(client);
    }

    ToyPairingApi toyPairing() {
        return new ToyPairingApi(client);
    }

    ToysApi toys() {
        return new ToysApi(client);
    }
}
