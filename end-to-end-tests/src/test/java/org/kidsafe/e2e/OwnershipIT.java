package org.kidsafe.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.DevRealm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bob, another parent, can neither read nor change anything of Alice's child, through any route. */
class OwnershipIT {

    private static final ParentJourney JOURNEY = Accounts.journey();
    private static UUID alicesChild;

    @BeforeAll
    static void aliceHasAChildWithAProfile() {
        String alice = Accounts.alice();
        alicesChild = JOURNEY.registerChild(alice);
        JOURNEY.verifyByEmailOnce(alice, DevRealm.ALICE.username());
        int notice = JOURNEY.currentNotice().getVersion();
        JOURNEY.grant(alice, alicesChild, "PROFILE", notice).expect(201);
        JOURNEY.grant(alice, alicesChild, "CHAT", notice).expect(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> JOURNEY.putProfile(alice, alicesChild, "QuietHeron").status() == 200);
    }

    /** Method, route, and a valid body, so that only ownership can be the reason for a refusal. */
    static Stream<String[]> alicesRoutes() {
        return Stream.of(
                new String[] {"GET", "/v1/children/{child}/consents", null},
                new String[] {"POST", "/v1/children/{child}/consents", "{\"category\":\"PHOTOS\",\"noticeVersion\":1}"},
                new String[] {"DELETE", "/v1/children/{child}/consents/CHAT", null},
                new String[] {"DELETE", "/v1/children/{child}", null},
                new String[] {"GET", "/v1/children/{child}/holdings", null},
                new String[] {"GET", "/v1/children/{child}/export", null},
                new String[] {"GET", "/v1/children/{child}/profile", null},
                new String[] {"PUT", "/v1/children/{child}/profile",
                        "{\"displayName\":\"SneakyFox\",\"avatar\":\"CAT\",\"ageBand\":\"AGE_8_10\",\"preferredLanguage\":\"en\"}"},
                new String[] {"POST", "/v1/children/{child}/pairing-codes", "{}"},
                new String[] {"GET", "/v1/children/{child}/toys", null},
                new String[] {"GET", "/v1/children/{child}/media", null},
                new String[] {"POST", "/v1/children/{child}/chat", "{\"text\":\"hi\"}"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("alicesRoutes")
    void bobIsRefusedWithoutSeeingAnything(String method, String route, String json) {
        String path = route.replace("{child}", alicesChild.toString());
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        ApiResponse answer = Gateway.client().exchange(method, path,
                Map.of("Authorization", "Bearer " + Accounts.bob(), "Content-Type", "application/json"), body);

        assertTrue(answer.status() == 403 || answer.status() == 404, method + " " + route + " answered " + answer.status() + ": " + answer.text());
        assertFalse(answer.text().contains("QuietHeron"), "the profile leaked");
        assertFalse(answer.text().contains("\"consents\""), "consent state leaked");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("alicesRoutes")
    void aliceStillOwnsHerChild(String method, String route, String json) {
        if (!method.equals("GET")) {
            return;
        }
        ApiResponse answer = Gateway.client().get(route.replace("{child}", alicesChild.toString()), Accounts.alice());
        assertTrue(answer.status() == 200, route + " answered " + answer.status() + " to the owner: " + answer.text());
    }
}
