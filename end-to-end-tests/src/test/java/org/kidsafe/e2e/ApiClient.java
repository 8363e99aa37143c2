package org.kidsafe.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Raw HTTP for what the generated client (module api-client) deliberately cannot send: requests the contract forbids
 * (bad input, injections, forged tokens), calls straight to a service or to Keycloak, and sweeps over routes by path.
 * Every call that follows the contract goes through {@code ParentJourney} and the generated client (issue 20 item 3).
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    /** @param baseUrl e.g. {@code http://127.0.0.1:8080/api} for the gateway, or a service's own URL */
    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    ApiResponse get(String path, String token) {
        return send(request(path, token).GET());
    }

    ApiResponse post(String path, String token, Object json) {
        return send(request(path, token).header("Content-Type", "application/json").POST(body(json)));
    }

    ApiResponse put(String path, String token, Object json) {
        return send(request(path, token).header("Content-Type", "application/json").PUT(body(json)));
    }

    /** Any method, headers and raw body: for tests of what must be refused. */
    ApiResponse exchange(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher body(Object json) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
