package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 item 1: the gateway's metrics name routes by their template, never by the ids in the path, so a thousand
 * children add no series and {@code /q/metrics} (on the management port only) gives no child or item id away.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class GatewayMetricsTest {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int CHILDREN = 1_000;
    private static final int KINDS = 8;
    /** An origin outside quarkus.http.cors.origins: Quarkus' CORS filter answers 403 before ApiGate's checks run. */
    private static final String FOREIGN_ORIGIN = "https://evil.example";
    /** Above the gateway-wide body ceiling of the test configuration, so service-commons' BodySizeLimit answers 413. */
    private static final int TOO_LONG = 3_000_001;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aThousandChildrenAddNoSeriesAndNoIdReachesTheMetrics() {
        // Every kind of answer once first (relayed, rate-limited, refused, unrouted), so each of their series exists.
        String limited = GatewayRoutingTest.parentToken();
        for (int i = 0; i < 30; i++) {
            given().auth().oauth2(limited).when().get("/api/v1/children/" + UUID.randomUUID() + "/media");
        }
        for (int kind = 0; kind < KINDS; kind++) {
            request(kind, UUID.randomUUID(), limited);
        }
        Set<String> before = requestSeries();

        for (int i = 0; i < CHILDREN; i++) {
            request(i % KINDS, UUID.randomUUID(), limited);
        }

        String after = scrape();
        assertEquals(before, requestSeries(after), "series grew with the ids");
        assertFalse(UUID_TEXT.matcher(after).find(), "an id in /q/metrics: " + firstUuidLine(after));
        assertTrue(after.contains("uri=\"/api/v1/children/{childId}/media\""), "no route template in " + requestSeries(after));
    }

    /**
     * Relayed for a fresh caller (200), the over-limit caller (429), no token (401), unrouted paths (404), and the
     * answers of filters that run before ApiGate's checks: a foreign origin (CORS, 403, on a route, on an unrouted API
     * path and off the API) and a declared body above the gateway-wide ceiling (413).
     */
    private void request(int kind, UUID child, String limited) {
        String media = "/api/v1/children/" + child + "/media";
        switch (kind) {
            case 0 -> given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get(media).then().statusCode(200);
            case 1 -> given().auth().oauth2(limited).when().get(media).then().statusCode(anyOf(is(200), is(429)));
            case 2 -> given().when().get(media).then().statusCode(401);
            case 3 -> given().when().get("/api/v9/children/" + child).then().statusCode(404);
            case 4 -> given().header("Origin", FOREIGN_ORIGIN).auth().oauth2(limited).when().get(media).then().statusCode(403);
            case 5 -> given().header("Origin", FOREIGN_ORIGIN).when().get("/api/v9/children/" + child).then().statusCode(403);
            case 6 -> assertTrue(declaredTooLong(media).startsWith("HTTP/1.1 413"));
            default -> given().header("Origin", FOREIGN_ORIGIN).when().get("/privacy-center/" + child).then().statusCode(403);
        }
    }

    /** Declares a body above the ceiling and sends none: the gateway answers from the head alone. */
    private String declaredTooLong(String path) {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + TOO_LONG + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            return new String(head, 0, read, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> requestSeries() {
        return requestSeries(scrape());
    }

    /** The series of the HTTP server's and the gateway's request metrics (JVM metrics come and go on their own). */
    private static Set<String> requestSeries(String scraped) {
        return scraped.lines()
                .filter(line -> line.startsWith("http_server_") || line.startsWith("kidsafe_gateway_requests"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private String scrape() {
        return given().when().get(metrics).then().statusCode(200).extract().asString();
    }

    private static String firstUuidLine(String scraped) {
        return scraped.lines().filter(line -> UUID_TEXT.matcher(line).find()).findFirst().orElse("");
    }
}
