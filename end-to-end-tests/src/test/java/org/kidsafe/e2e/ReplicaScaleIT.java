package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 2, run by {@code -Pscale} only (two instances of every service, the gateway included): parents erase
 * their children while one instance of each service is killed with SIGKILL right after the erasure requests. Every
 * saga still completes (none lost, none stuck) with one signed receipt covering every service, and had each effect
 * once (one completion, one accepted report per participant, nothing left). The parents talk to the first gateway,
 * which balances over both instances of each service and must route around the dead ones.
 * <p>
 * "Not stuck" is bounded by media-service's claim lease ({@code kidsafe.jobs.erasure-retry.lease}, 30 s, renewed while
 * its worker lives): an erasure job the killed media instance had claimed is taken over by the live one once that lease
 * has run out (with the earlier fixed 10 minute lease, runs waited 10 minutes; docs/scaling.md). The test allows the
 * lease, the retry job's period and a margin, and prints how long each erasure took.
 */
class ReplicaScaleIT {

    private static final int FAMILIES = 3;
    /** A parent's access token lives a few minutes: each round of waiting signs in anew. */
    private static final Duration ROUND = Duration.ofMinutes(2);
    /** media-service's claim lease (30 s) plus its retry job's period (15 s) and a margin. */
    private static final Duration COMPLETION = Duration.ofMinutes(2);
    private static final Duration RESTART = Duration.ofMinutes(4);

    @Test
    void erasuresCompleteOnceWhileAnInstanceOfEachServiceIsKilled() {
        Platform platform = RunningPlatform.get();
        for (String service : Platform.SERVICES) {
            assertEquals(2, platform.instances(service).size(), "run with -Pscale: two instances of " + service);
        }
        List<Family> families = new ArrayList<>();
        for (int i = 0; i < FAMILIES; i++) {
            Family family = Family.withConsents(i % 2 == 0 ? DevRealm.ALICE : DevRealm.BOB, "PROFILE", "PHOTOS").withProfile();
            family.awaitFirstUpload(family.pairToy());
            families.add(family);
        }

        Map<Family, UUID> erasures = new HashMap<>();
        families.forEach(family -> erasures.put(family, family.journey.deleteChild(family.parent, family.child)));
        Instant requested = Instant.now();
        // Mid-erasure: the second instance of every service dies at once (the first gateway is the parents' entry).
        List<ServiceProcess> killed = Platform.SERVICES.stream().map(service -> platform.instances(service).get(1)).toList();
        killed.forEach(ServiceProcess::kill);

        for (Family family : families) {
            UUID erasure = erasures.get(family);
            ErasureView done = awaitReceipt(family, erasure);
            System.out.printf("ReplicaScaleIT: erasure %s completed %d s after the requests%n", erasure,
                    Duration.between(requested, Instant.now()).toSeconds());
            JsonNode receipt = family.journey.verifyReceipt(done.getReceipt(), erasure, family.child);
            Map<String, JsonNode> parts = new HashMap<>();
            receipt.path("services").forEach(part -> parts.put(part.path("service").asText(), part));
            assertEquals(3, receipt.path("services").size(), "one part per service, none twice: " + receipt);
            assertTrue(parts.keySet().containsAll(List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)), "every service: " + receipt);
            assertEquals(1, parts.get(Platform.MEDIA).path("erased").path("photo").asLong(), "the photo erased: " + receipt);
            assertEquals(1, parts.get(Platform.PROFILE).path("erased").path("profile").asLong(), "the profile erased: " + receipt);
            assertEquals(1, ServiceRows.ledgerEntriesMentioning("ERASURE_COMPLETED", erasure), "one completion");
            assertEquals(2, ServiceRows.ledgerEntriesMentioning("ERASURE_REPORT_ACCEPTED", erasure), "one accepted report per participant");
            assertEquals(0, ServiceRows.count(Platform.MEDIA, "SELECT count(*) FROM media_item WHERE child_id = ?", family.child), "no media left");
            assertEquals(0, ServiceRows.count(Platform.PROFILE, "SELECT count(*) FROM child_profile WHERE child_id = ?", family.child), "no profile left");
        }

        // The killed instances come back and serve again.
        killed.forEach(ServiceProcess::start);
        killed.forEach(instance -> instance.awaitReady(RESTART));
    }

    private static ErasureView awaitReceipt(Family family, UUID erasure) {
        Instant deadline = Instant.now().plus(COMPLETION);
        while (true) {
            String parent = family.journey.signIn(family.user.username(), family.user.password());
            try {
                return family.journey.awaitReceipt(parent, erasure, ROUND);
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
            }
        }
    }
}
