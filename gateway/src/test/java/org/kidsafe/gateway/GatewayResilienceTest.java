package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class GatewayResilienceTest {

    private static final String MEDIA = "/api/v1/children/" + UUID.randomUUID() + "/media";
    private static final String PROFILE = "/api/v1/children/" + UUID.randomUUID() + "/profile";

    @Test
    void aStoppedServiceIsA503NamingItWhileTheOthersKeepWorking() {
        Stubs.stop("media-service");
        try {
            given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get(MEDIA)
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("service", equalTo("media-service"))
                    .body("type", equalTo("https://kidsafe.dev/problems/service-unavailable"));
            given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get(PROFILE)
                    .then().statusCode(200).body("service", equalTo("profile-service"));
        } finally {
            Stubs.start("media-service");
        }
        awaitMediaWorks();
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresThenLetsATrialThroughAndCloses() {
        String token = GatewayRoutingTest.parentToken();
        // Three 503 answers (at least 3 calls in the window, half of them failed, in tests) open the breaker ...
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/v1/media/unwell").then().statusCode(503);
        }
        // ... after which even a healthy media request is refused without reaching the service,
        given().auth().oauth2(token).when().get(MEDIA)
                .then().statusCode(503).body("service", equalTo("media-service"))
                .body("type", equalTo("https://kidsafe.dev/problems/service-unavailable"));
        // other services are untouched,
        given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200);
        // and once the open period (1 s in tests) is over one trial passes, succeeds and closes it.
        awaitMediaWorks();
        given().auth().oauth2(token).when().get(MEDIA).then().statusCode(200);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA504() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get("/api/v1/media/slow")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("service", equalTo("media-service"));
        awaitMediaWorks();
    }

    @Test
    void aReadWhoseConnectionTheServiceClosedIsSentOnceMoreButAWriteIsNot() {
        String token = GatewayRoutingTest.parentToken();
        Stubs.dropConnections(1);
        given().auth().oauth2(token).when().get(PROFILE)
                .then().statusCode(200).body("service", equalTo("profile-service"));

        Stubs.dropConnections(1);
        given().auth().oauth2(token).contentType("application/json").body("{\"displayName\":\"Sky\"}").when().put(PROFILE)
                .then().statusCode(503).contentType("application/problem+json")
                .body("service", equalTo("profile-service"));

        // Only once: a service that keeps closing connections is unavailable, as before.
        Stubs.dropConnections(2);
        given().auth().oauth2(token).when().get(PROFILE)
                .then().statusCode(503).contentType("application/problem+json");
        // Three failures in a row have opened the breaker (failure rate in tests: 3 calls, half failed); it closes after its open period.
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200));
    }

    @Test
    void aClientThatHangsUpBeforeItsAnswerDoesNotBreakTheRequestThatReusesItsServiceConnection() throws Exception {
        String token = GatewayRoutingTest.parentToken();
        String consents = "/api/v1/children/" + UUID.randomUUID() + "/consents";
        // The harm needs the late answer relayed on another event loop than the pooled connection's: the
        // gateway spreads client connections over its event loops in turn, so several rounds are sure to meet it.
        for (int round = 0; round < 8; round++) {
            // A first client asks, then hangs up (RST) while consent-service is still working on its answer.
            try (Socket impatient = new Socket("localhost", RestAssured.port)) {
                impatient.getOutputStream().write(("GET " + consents + "/late HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                impatient.getOutputStream().flush();
                Thread.sleep(StubServices.LATE_ANSWER_MILLIS / 3);
                impatient.setSoLinger(true, 0);
            }
            Thread.sleep(StubServices.LATE_ANSWER_MILLIS / 6);
            // A write now waits for the one pooled connection, and gets it as soon as the late answer has arrived.
            // Relaying that answer to the departed client fails: the failure must not close the connection under
            // the write (a write is never replayed, so it would be a 503 for a request nobody did wrong).
            given().auth().oauth2(token).contentType("application/json").body("{\"category\":\"PHOTOS\"}")
                    .when().post(consents + "/late")
                    .then().statusCode(200)
                    .body("service", equalTo("consent-service"))
                    .body("method", equalTo("POST"))
                    .body("bodyBytes", equalTo(21));
        }
    }

    private static void awaitMediaWorks() {
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(GatewayRoutingTest.parentToken()).when().get(MEDIA).then().statusCode(200));
    }
}
