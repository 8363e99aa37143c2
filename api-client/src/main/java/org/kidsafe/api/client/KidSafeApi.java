package org.kidsafe.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.api.client.model.Problem;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The generated client set up the way every KidSafe caller needs it (issue 20 item 3: the demo, the end-to-end journey
 * and the BOLA sweep call the API through the generated client): the gateway's base URI, a bearer token read at each
 * request (so a refreshed or rotated token is used without rebuilding anything), bounded timeouts, and one
 * {@link HttpClient} shared by every API class of a caller, and by the callers derived with {@link #withToken} (the
 * generated {@link ApiClient} builds a new one, with its own selector thread, for each API class instance).
 *
 * <pre>{@code
 * KidSafeApi parent = KidSafeApi.forToken(URI.create("http://localhost:8080"), tokens::parentAccessToken);
 * Registered child = parent.api(ChildrenApi::new).registerChild();
 * }</pre>
 */
public final class KidSafeApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** The mapper every client of this class reads answers with; a problem needs no caller to be read. */
    private static final ObjectMapper PROBLEM_READER = ApiClient.createDefaultObjectMapper();

    private final HttpClient http;
    private final ApiClient client;

    private KidSafeApi(HttpClient http, URI gateway, Supplier<String> bearerToken) {
        this.http = http;
        this.client = new SharedHttpApiClient(http, gateway);
        client.setReadTimeout(READ_TIMEOUT);
        if (bearerToken != null) {
            client.setRequestInterceptor(request -> request.setHeader("Authorization", "Bearer " + bearerToken.get()));
        }
    }

    /** A caller without a token: the public operations (notices, keys, the API document, display-name checks). */
    public static KidSafeApi anonymous(URI gateway) {
        return new KidSafeApi(newHttpClient(), gateway, null);
    }

    /** A caller that sends {@code Authorization: Bearer <token>} on every request, the token read at each request. */
    public static KidSafeApi forToken(URI gateway, Supplier<String> bearerToken) {
        return new KidSafeApi(newHttpClient(), gateway, Objects.requireNonNull(bearerToken, "bearerToken"));
    }

    /** Another caller (another parent, a toy, the officer) on the same gateway and the same HTTP connections. */
    public KidSafeApi withToken(Supplier<String> bearerToken) {
        return new KidSafeApi(http, URI.create(client.getBaseUri()), Objects.requireNonNull(bearerToken, "bearerToken"));
    }

    /** One generated API class bound to this caller, e.g. {@code api(ChildrenApi::new)}. */
    public <T> T api(Function<ApiClient, T> apiClass) {
        return apiClass.apply(client);
    }

    /**
     * The problem+json body of a failed call (the document's one {@code Problem} schema), or empty when the answer
     * carried none (e.g. a 401 from the token check, or a proxy's error page).
     */
    public static Optional<Problem> problem(ApiException failure) {
        String body = failure.getResponseBody();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PROBLEM_READER.readValue(body, Problem.class));
        } catch (JsonProcessingException notProblemJson) {
            return Optional.empty();
        }
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The generated ApiClient hands each API class {@link #getHttpClient()}; this one hands out the shared client. */
    private static final class SharedHttpApiClient extends ApiClient {

        private final HttpClient http;

        SharedHttpApiClient(HttpClient http, URI gateway) {
            super(HttpClient.newBuilder(), createDefaultObjectMapper(), gateway.toString());
            this.http = http;
        }

        @Override
        public HttpClient getHttpClient() {
            return http;
        }
    }
}
