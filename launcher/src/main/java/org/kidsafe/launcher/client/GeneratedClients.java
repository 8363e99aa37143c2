package org.kidsafe.launcher.client;

import org.kidsafe.api.client.ApiClient;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The generated Java client (module api-client, from the committed contract {@code api/kidsafe-v1.yaml}) as KidSafe's own
 * tools use it: the demo, the end-to-end tests and the benchmarks call the API through it, so a change that breaks the
 * contract breaks them (issue 20 item 3). The caller's token goes with each call ({@link Answer#of}).
 */
public final class GeneratedClients {

    /** What to pass as the {@code File} of a binary upload made with {@link #uploading}, which sends the real bytes instead. */
    public static final File BINARY_BODY = new File("binary-body");

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /**
     * One connection pool for every client made here: the generated {@code ApiClient} builds a new {@code HttpClient}
     * (and with it new connections) for each API object, and an upload's client is made per upload.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GeneratedClients() {
    }

    /** Through the gateway, e.g. {@code http://127.0.0.1:8080}: the document's paths (/api/v1/...) as they are. */
    public static ApiClient gateway(String gatewayUrl) {
        return client(gatewayUrl, null);
    }

    /**
     * Straight to one service (the benchmarks' seeding, which the gateway's per-caller rate limit would throttle): a
     * service serves the operations it owns at the document's paths without the gateway's {@code /api} prefix.
     */
    public static ApiClient service(String serviceUrl) {
        return client(serviceUrl, request -> request.uri(URI.create(request.copy().build().uri().toString().replaceFirst("/api/", "/"))));
    }

    /**
     * A client for one binary upload ({@code uploadMedia}, {@code uploadConsentForm}) through {@code client}'s route.
     * OpenAPI Generator 7.17's native Java client types a binary request body ({@code format: binary}) as a {@code File},
     * writes it as JSON (the file's path) and labels it with the operation's first media type; until it sends the file
     * itself, this client replaces that body with {@code content} under {@code contentType}.
     */
    public static ApiClient uploading(ApiClient client, byte[] content, String contentType) {
        Consumer<HttpRequest.Builder> body = request -> request.setHeader("Content-Type", contentType)
                .method("POST", HttpRequest.BodyPublishers.ofByteArray(content));
        Consumer<HttpRequest.Builder> route = client.getRequestInterceptor();
        return client(client.getBaseUri(), route == null ? body : route.andThen(body));
    }

    private static ApiClient client(String baseUrl, Consumer<HttpRequest.Builder> interceptor) {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), baseUrl) {
            @Override
            public HttpClient getHttpClient() {
                return HTTP;
            }
        };
        client.setReadTimeout(READ_TIMEOUT);
        client.setRequestInterceptor(interceptor);
        return client;
    }
}
