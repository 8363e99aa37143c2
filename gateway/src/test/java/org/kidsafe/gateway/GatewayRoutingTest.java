package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kidsafe.testsupport.TestTokens;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class GatewayRoutingTest {

    static final String AUDIENCE = "kidsafe-gateway";
    private static final String CHILD = "0b6f3c6e-3f6e-4c4e-9d3e-1d2b3c4d5e6f";

    @TestHTTPResource("/")
    URL gateway;

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "POST, /v1/children, consent-service",
            "GET, /v1/children/" + CHILD + ", consent-service",
            "POST, /v1/children/" + CHILD + "/consents/PHOTOS, consent-service",
            "DELETE, /v1/notices/draft, consent-service",
            "POST, /v1/erasures, consent-service",
            "GET, /v1/ledger/entries, consent-service",
            "DELETE, /v1/me, consent-service",
            "PUT, /v1/me/notifications, consent-service",
            "GET, /v1/me/preferences, consent-service",
            "PUT, /v1/me/preferences, consent-service",
            "PUT, /v1/children/" + CHILD + "/profile, profile-service",
            "GET, /v1/children/" + CHILD + "/toys, profile-service",
            "POST, /v1/children/" + CHILD + "/pairing-codes, profile-service",
            "DELETE, /v1/toys/device-7, profile-service",
            "GET, /v1/display-names/suggestions, profile-service",
            "GET, /v1/children/" + CHILD + "/media, media-service",
            "GET, /v1/children/" + CHILD + "/media/photo-1/content, media-service",
            "POST, /v1/children/" + CHILD + "/chat, media-service",
            "GET, /v1/chat/threads, media-service"})
    void eachPathReachesTheServiceThatOwnsItUnchangedAfterTheApiPrefix(String method, String path, String service) {
        given().auth().oauth2(parentToken())
                .when().request(method, "/api" + path + "?page=2&size=10")
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("method", equalTo(method))
                .body("path", equalTo(path))
                .body("query", equalTo("page=2&size=10"));
    }

    @Test
    void anUnknownPathIsA404ProblemAndReachesNoService() {
        given().auth().oauth2(parentToken())
                .when().get("/api/v1/children/" + CHILD + "/secrets")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().auth().oauth2(parentToken()).when().get("/api/v2/anything").then().statusCode(404);
    }

    @Test
    void dotSegmentsCannotEscapeAPublicRoute() {
        given().when().get("/api/v1/notices/current/../../children/" + CHILD)
                .then().statusCode(401);
    }

    @Test
    void aTokenForTheServiceAndTheRequestIdTravelWithTheRequest() {
        String token = parentToken();
        String forwarded = given().auth().oauth2(token).header("X-Request-Id", "req-12345678")
                .when().get("/api/v1/children/" + CHILD)
                .then().statusCode(200)
                .header("X-Request-Id", "req-12345678")
                .body("headers.x-request-id", equalTo("req-12345678"))
                .extract().path("headers.authorization");
        assertNotEquals("Bearer " + token, forwarded, "the caller's own token must not reach a service");
        assertEquals(List.of("kidsafe-consent"), ServiceTokenTest.audiences(forwarded));
    }

    @Test
    void aMissingOrUnacceptableRequestIdIsReplacedByAFreshOne() {
        String forwarded = given().auth().oauth2(parentToken()).header("X-Request-Id", "bad id\r\nInjected: yes")
                .when().get("/api/v1/children/" + CHILD)
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("headers.x-request-id");
        assertEquals(36, forwarded.length());
    }

    @Test
    void hopByHopHeadersStayAtTheGatewayBothWays() {
        given().auth().oauth2(parentToken())
                .header("Connection", "keep-alive, X-Secret-Hop").header("X-Secret-Hop", "no").header("Accept", "application/json")
                .header("X-Forwarded-For", "10.9.9.9")
                .when().get("/api/v1/children/" + CHILD)
                .then().statusCode(200)
                .body("headers.x-secret-hop", nullValue())
                .body("headers.accept", equalTo("application/json"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"));
        given().auth().oauth2(parentToken())
                .when().get("/api/v1/media/download")
                .then().statusCode(200)
                .header("X-Internal-Hop", nullValue())
                .header("Content-Type", "image/jpeg")
                .header("Content-Length", Integer.toString(StubServices.DOWNLOAD_BYTES))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void rangeRequestsAreRelayedWithTheirPartialAnswer() {
        given().auth().oauth2(parentToken()).header("Range", "bytes=0-99")
                .when().get("/api/v1/media/download")
                .then().statusCode(206)
                .header("Content-Range", "bytes 0-99/" + StubServices.DOWNLOAD_BYTES)
                .header("Content-Length", "100")
                .header("Accept-Ranges", "bytes");
    }

    @Test
    void anAnswerIsStreamedToTheClientBeforeTheServiceHasFinishedIt() throws Exception {
        HttpURLConnection connection = open("/api/v1/media/held");
        try (InputStream body = connection.getInputStream()) {
            byte[] first = body.readNBytes("first-part;".length());
            assertEquals("first-part;", new String(first, StandardCharsets.US_ASCII));
            Stubs.release();
            assertEquals("rest", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anUploadIsStreamedToTheServiceBeforeTheClientHasFinishedSendingIt() throws Exception {
        HttpURLConnection connection = open("/api/v1/media");
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(8192);
        connection.setRequestProperty("Content-Type", "image/jpeg");
        byte[] part = new byte[256 * 1024];
        try (OutputStream upload = connection.getOutputStream()) {
            upload.write(part);
            upload.flush();
            await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> Stubs.uploadProgress() >= part.length);
            upload.write(part);
        }
        assertEquals(200, connection.getResponseCode());
        try (InputStream body = connection.getInputStream()) {
            String echo = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(true, echo.contains("\"bodyBytes\":" + 2 * part.length), echo);
        }
    }

    @Test
    void aDeclaredLengthBodyArrivesWhole() {
        given().auth().oauth2(parentToken()).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/api/v1/children")
                .then().statusCode(200)
                .body("bodyBytes", equalTo(12))
                .body("headers.content-type", equalTo("application/json"))
                .body("headers.transfer-encoding", nullValue())
                .body("headers.host", not(equalTo("localhost")));
    }

    private HttpURLConnection open(String path) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(gateway, path).openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + parentToken());
        connection.setReadTimeout(10_000);
        return connection;
    }

    static String parentToken() {
        return TestTokens.parent(UUID.randomUUID(), AUDIENCE);
    }
}
