package org.kidsafe.e2e;

import org.junit.jupiter.api.Test;
import org.kidsafe.events.Topics;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kafka stopped for a minute while a parent grants and revokes consents: every change is accepted
 * (the outbox keeps it), no event is lost, and profile-service and media-service converge on the
 * final consent state once the broker is back, as their answers show.
 */
class KafkaOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration CONVERGENCE = Duration.ofMinutes(2);
    /** Each child's consent changes during the outage, in order; the last one is its final state. */
    private static final List<List<String>> CHANGES = List.of(
            List.of("grant"),
            List.of("grant", "revoke"),
            List.of("grant", "revoke", "grant"),
            List.of("grant", "revoke", "grant", "revoke"));

    @Test
    void consentChangesDuringTheOutageAreDeliveredAndProjectionsConverge() {
        Family family = Family.withConsents(DevRealm.ALICE);
        int notice = family.notice;
        Map<UUID, List<String>> children = new LinkedHashMap<>();
        for (List<String> changes : CHANGES) {
            children.put(family.journey.registerChild(family.parent), changes);
        }
        KafkaBroker kafka = RunningPlatform.get().kafka();
        Instant back;
        kafka.stop();
        try {
            Instant until = Instant.now().plus(OUTAGE);
            // The changes are spread over the minute, one step of every child at a time.
            for (int step = 0; step < CHANGES.get(CHANGES.size() - 1).size(); step++) {
                for (Map.Entry<UUID, List<String>> child : children.entrySet()) {
                    if (step < child.getValue().size()) {
                        change(family, notice, child.getKey(), child.getValue().get(step));
                    }
                }
                Pause.of(Duration.ofSeconds(10));
            }
            Pause.of(Duration.between(Instant.now(), until));
        } finally {
            kafka.start();
            back = Instant.now();
        }

        for (Map.Entry<UUID, List<String>> child : children.entrySet()) {
            UUID id = child.getKey();
            List<String> changes = child.getValue();
            boolean granted = changes.get(changes.size() - 1).equals("grant");
            // Observable through the API: profile-service lets a profile be created only under PROFILE consent.
            int expected = granted ? 200 : 403;
            String name = family.journey.suggestDisplayNames(family.parent).get(0);
            await().atMost(CONVERGENCE).until(() -> family.journey.putProfile(family.parent, id, name).status(), status -> status == expected);
            for (String service : List.of(Platform.PROFILE, Platform.MEDIA)) {
                await().atMost(CONVERGENCE).until(() -> ServiceRows.projected(service, id, "PROFILE", granted) == 1);
            }
            assertEquals(changes.size(), ChildEvents.distinct(ChildEvents.published(Topics.CONSENT, id, changes.size(), ChildEvents::isConsentChange, CONVERGENCE)),
                    "every change of child " + id + " is on the topic, and nothing else");
        }
        System.out.printf("Kafka outage of %s: %d consent changes, all delivered; projections converged %s after the broker came back%n",
                OUTAGE, CHANGES.stream().mapToInt(List::size).sum(), Duration.between(back, Instant.now()));
    }

    private static void change(Family family, int notice, UUID child, String change) {
        if (change.equals("grant")) {
            family.journey.grant(family.parent, child, "PROFILE", notice).expect(201);
        } else {
            family.journey.revoke(family.parent, child, "PROFILE").expect(202);
        }
    }
}
