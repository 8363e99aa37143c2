package org.kidsafe.api.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.api.ChildMediaApi;
import org.kidsafe.api.client.api.ParentVerificationApi;
import org.kidsafe.api.client.model.ConsentFormView;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The generated client's wire behaviour that KidSafe's template changes and {@link KidSafeApi} promise (issue 20 item
 * 3), against a JDK HTTP server that records what it receives: an upload's bytes go out as they are, under the
 * Content-Type the caller names; a binary answer comes back as the same bytes; the bearer token is read at each call;
 * a problem+json answer is readable as the document's Problem.
 */
class KidSafeApiTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff};

    private final List<Recorded> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI gateway;

    record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/verification/consent-forms", exchange -> answer(exchange, 201, "application/json",
                "{\"formId\":\"" + UUID.randomUUID() + "\",\"status\":\"PENDING\",\"contentType\":\"image/png\"}"));
        server.createContext("/api/v1/children/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/content")) {
                answer(exchange, 200, "image/png", PNG);
            } else {
                answer(exchange, 404, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such item: \u00e9\"}");
            }
        });
        server.start();
        gateway = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void uploadSendsTheBytesUnderTheContentTypeTheCallerNames() throws ApiException {
        ConsentFormView form = KidSafeApi.forToken(gateway, () -> "parent-token").api(ParentVerificationApi::new)
                .uploadConsentForm(PNG, Map.of("Content-Type", "image/png"));

        Recorded upload = received.get(0);
        assertEquals("POST", upload.method());
        assertArrayEquals(PNG, upload.body(), "the stock template sent Jackson's rendering of the body, not its bytes");
        assertEquals("image/png", upload.header("Content-Type"), "one Content-Type, the caller's, not the default application/pdf");
        assertEquals("Bearer parent-token", upload.header("Authorization"));
        assertEquals("PENDING", form.getStatus());
    }

    @Test
    void binaryAnswerIsReturnedAsItsBytes() throws ApiException {
        byte[] content = KidSafeApi.forToken(gateway, () -> "parent-token").api(ChildMediaApi::new)
                .getMediaContent(UUID.randomUUID(), UUID.randomUUID(), null);

        assertArrayEquals(PNG, content);
    }

    @Test
    void tokenIsReadAtEachCallAndDerivedCallersSendTheirOwn() throws ApiException {
        AtomicInteger refreshes = new AtomicInteger();
        KidSafeApi parent = KidSafeApi.forToken(gateway, () -> "parent-" + refreshes.incrementAndGet());
        ChildMediaApi media = parent.api(ChildMediaApi::new);
        media.getMediaContent(UUID.randomUUID(), UUID.randomUUID(), null);
        media.getMediaContent(UUID.randomUUID(), UUID.randomUUID(), null);
        parent.withToken(() -> "other-parent").api(ChildMediaApi::new).getMediaContent(UUID.randomUUID(), UUID.randomUUID(), null);

        assertEquals(List.of("Bearer parent-1", "Bearer parent-2", "Bearer other-parent"),
                received.stream().map(r -> r.header("Authorization")).toList());
    }

    @Test
    void problemAnswerIsReadAsTheDocumentsProblemInUtf8() {
        KidSafeApi anonymous = KidSafeApi.anonymous(gateway);
        ApiException failure = assertThrows(ApiException.class,
                () -> anonymous.api(ChildMediaApi::new).getMedia(UUID.randomUUID(), UUID.randomUUID()));

        assertEquals(404, failure.getCode());
        assertEquals(null, received.get(0).header("Authorization"));
        assertEquals("no such item: \u00e9", KidSafeApi.problem(failure).orElseThrow().getDetail());
    }

    private void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        answer(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        received.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
