package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.gateway.web.TokenLeases;
import org.kidsafe.testsupport.TestTokens;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class GatewayLimitsTest {

    /** The toys' upload route, the one media-body route. */
    private static final String MEDIA = "/api/v1/media";
    /** The test configuration: burst 20, refill one every 2 seconds, media bodies up to 3,000,000 bytes. */
    private static final int BURST = 20;

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    GatewaySettings settings;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void aCallerBeyondTheBurstIsToldWhenToRetry() {
        String token = GatewayRoutingTest.parentToken();
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < BURST * 3 && limited == null; i++) {
            Response response = given().auth().oauth2(token).when().get("/api/v1/notices");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(limited != null, "never limited: " + statuses);
        assertTrue(statuses.size() > BURST / 2, "limited too early: " + statuses);
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        limited.then().contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("retryAfterSeconds", equalTo(retryAfter));
        // Another caller is not affected.
        given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get("/api/v1/notices").then().statusCode(200);
    }

    /**
     * Issue 21 item 1: a caller's limit is the gateway's, not one replica's. Another replica (a lease of its own, through
     * its own connections to the gateway's database) spends the caller's whole burst; this replica, which has not seen
     * the caller yet, then refuses it. With the per-replica buckets of before, it let the caller through.
     */
    @Test
    void aCallerWhoseBurstAnotherReplicaSpentIsRefusedHere() throws SQLException {
        // Warmed up first (token keys, this replica's connections), so the refill (one token in 2 s) cannot come between.
        given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get("/api/v1/notices").then().statusCode(200);
        UUID parent = UUID.randomUUID();
        String token = TestTokens.parent(parent, GatewayRoutingTest.AUDIENCE);
        TokenLeases otherReplica = new TokenLeases(otherReplicasPool());
        assertEquals(BURST, otherReplica.take("subject:" + parent, BURST, settings.rateLimit().authenticated()).granted());

        given().auth().oauth2(token).when().get("/api/v1/notices")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get("/api/v1/notices").then().statusCode(200);
        assertTrue(given().when().get(metrics).then().statusCode(200).extract().asString()
                .contains("kidsafe_gateway_rate_limits_shared 1.0"));
    }

    /** A connection pool of its own to the gateway's database, as a second gateway replica has. */
    private static DataSource otherReplicasPool() {
        Config config = ConfigProvider.getConfig();
        PGSimpleDataSource pool = new PGSimpleDataSource();
        pool.setURL(config.getValue("quarkus.datasource.jdbc.url", String.class));
        pool.setUser(config.getValue("quarkus.datasource.username", String.class));
        pool.setPassword(config.getValue("quarkus.datasource.password", String.class));
        return pool;
    }

    @Test
    void aJsonBodyAboveOneMegabyteIsRefusedBeforeItIsForwarded() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType(ContentType.JSON).body(new byte[1_048_577])
                .when().post("/api/v1/children")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void aMediaUploadMayBeBiggerThanJsonButNotBeyondItsOwnLimit() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("image/jpeg").body(new byte[2_000_000])
                .when().post(MEDIA)
                .then().statusCode(200).body("bodyBytes", equalTo(2_000_000));
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("image/jpeg").body(new byte[3_000_001])
                .when().post(MEDIA)
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aChunkedBodyIsCountedAsItStreamsAndCutOffAtTheLimit() throws IOException {
        // No Content-Length: only counting while streaming can catch it. The client stops sending
        // (without finishing) just past the limit; the gateway must answer without waiting for the end.
        String answer = chunkedUpload(3_100_000, false);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsStreamedOnChunked() throws IOException {
        String answer = chunkedUpload(100_000, true);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("\"bodyBytes\":100000"), answer);
        assertTrue(answer.contains("\"transfer-encoding\":\"chunked\""), answer);
    }

    /** Sends a chunked media upload over a raw socket and returns what came back (head and body). */
    private String chunkedUpload(int bytes, boolean finish) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + MEDIA + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + GatewayRoutingTest.parentToken() + "\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[10_000];
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (finish) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        int length = -1;
        for (int read; (read = in.read(buffer)) > 0; ) {
            answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            int headEnd = answer.indexOf("\r\n\r\n");
            if (headEnd > 0 && length < 0) {
                Matcher declared = Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer.substring(0, headEnd));
                length = declared.find() ? Integer.parseInt(declared.group(1)) : Integer.MAX_VALUE;
            }
            if (headEnd > 0 && answer.length() - headEnd - 4 >= length) {
                break;
            }
        }
        return answer.toString();
    }

    @Test
    void jsonRoutesTakeOnlyJson() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("text/plain").body("hello")
                .when().post("/api/v1/children")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("image/jpeg").body(new byte[10])
                .when().post("/api/v1/children")
                .then().statusCode(415);
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("application/json; charset=UTF-8").body("{}")
                .when().post("/api/v1/children")
                .then().statusCode(200);
        // A request without a body needs no content type.
        given().auth().oauth2(GatewayRoutingTest.parentToken())
                .when().post("/api/v1/children/" + UUID.randomUUID() + "/pairing-codes")
                .then().statusCode(200).body("service", equalTo("profile-service"));
    }

    @Test
    void mediaUploadsTakeOnlyMediaTypes() {
        for (String type : List.of("image/jpeg", "image/png", "audio/ogg", "audio/wav", "application/octet-stream")) {
            given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType(type).body(new byte[16])
                    .when().post(MEDIA)
                    .then().statusCode(200);
        }
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType("text/html").body("<script>")
                .when().post(MEDIA)
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(GatewayRoutingTest.parentToken()).contentType(ContentType.JSON).body("{}")
                .when().post(MEDIA)
                .then().statusCode(415);
    }

    @Test
    void everyRelayedRequestIsMeasuredPerRoute() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get("/api/v1/display-names").then().statusCode(200);
        String metrics = given().when().get(this.metrics).then().statusCode(200).extract().asString();
        long lines = metrics.lines()
                .filter(line -> line.startsWith("kidsafe_gateway_requests_seconds_count"))
                .filter(line -> line.contains("route=\"/v1/display-names/**\"") && line.contains("service=\"profile-service\""))
                .count();
        assertEquals(1, lines, metrics.lines().filter(line -> line.startsWith("kidsafe_gateway")).toList().toString());
        assertTrue(metrics.contains("kidsafe_gateway_breaker_open{service=\"media-service\"}"));
    }

    /** Issue 17 item 1: health, metrics and the raw OpenAPI document answer on the management port only. */
    @Test
    void theManagementPlaneIsNotOnThePublicPort() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi")) {
            given().when().get(path).then().statusCode(404);
        }
        given().when().get(metrics).then().statusCode(200);
    }
}
