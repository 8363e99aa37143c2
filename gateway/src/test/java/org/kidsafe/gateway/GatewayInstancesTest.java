package org.kidsafe.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21 item 2: the gateway balances over several instances of a service (SmallRye Stork, a static list), and a
 * killed instance fails no request. Two real stub servers stand for two instances of profile-service.
 */
@QuarkusTest
@TestProfile(GatewayInstancesTest.TwoInstances.class)
class GatewayInstancesTest {

    static final String SERVICE = "profile-service";
    private static final String SECOND = StubServicesResource.secondInstance(SERVICE);
    private static final String PROFILE = "/api/v1/children/" + UUID.randomUUID() + "/profile";

    @Test
    void readsAndWritesAreSpreadOverBothInstancesInTurn() {
        String token = GatewayRoutingTest.parentToken();
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answeredBy.add(given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200).extract().path("service"));
            answeredBy.add(given().auth().oauth2(token).contentType("application/json").body("{\"displayName\":\"Sky\"}")
                    .when().put(PROFILE).then().statusCode(200).extract().path("service"));
        }
        // Round-robin: as many requests to each, reads and writes alike.
        assertEquals(Map.of(SERVICE, 6L, SECOND, 6L), count(answeredBy), answeredBy::toString);
    }

    @Test
    void aKilledInstanceFailsNoRequestAndTakesItsShareAgainOnceBack() {
        String token = GatewayRoutingTest.parentToken();
        // Both instances hold pooled connections of the gateway when one of them dies.
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200);
        }
        Stubs.stop(SECOND);
        try {
            List<String> answeredBy = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answeredBy.add(given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200).extract().path("service"));
            }
            // A write too: its connection was refused before any of it was sent, so it went to the live instance.
            answeredBy.add(given().auth().oauth2(token).contentType("application/json").body("{\"displayName\":\"Sky\"}")
                    .when().put(PROFILE).then().statusCode(200).extract().path("service"));
            assertEquals(Map.of(SERVICE, 11L), count(answeredBy), answeredBy::toString);
        } finally {
            Stubs.start(SECOND);
        }
        // Skipped for a while only (1 s in tests): the restarted instance is asked again.
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                SECOND.equals(given().auth().oauth2(token).when().get(PROFILE).then().statusCode(200).extract().path("service")));
    }

    /** The module's test resources are global: this class's own stubs, with a second instance, replace them. */
    public static final class TwoInstances implements QuarkusTestProfile {

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(StubServicesResource.class, Map.of(StubServicesResource.SECOND_INSTANCE_OF, SERVICE)));
        }
    }

    private static Map<String, Long> count(List<String> answeredBy) {
        return answeredBy.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
