package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.profile.erasure.InactivityPurgeService;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.ReplicaRace;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inactivity purge run by two replicas at once against one database (issue 21 item 1), forced to overlap on a held
 * {@code child_profile} lock ({@link ReplicaRace}): one run erases the whole backlog, past the 200 profiles a run used
 * to stop at, and each profile is erased once.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class InactivityPurgeReplicasTest {

    /** More than a run erased before (200). */
    private static final int BACKLOG = 205;

    @Inject
    Fixtures fixtures;
    @Inject
    MutableClock clock;
    @Inject
    InactivityPurgeService purge;
    @Inject
    RetentionPolicy retention;

    @AfterEach
    void restoreClock() {
        clock.reset();
    }

    @Test
    void twoReplicasEraseEachInactiveProfileOnceAndOneRunFinishesTheBacklog() throws Exception {
        UUID parent = UUID.randomUUID();
        List<UUID> children = Stream.generate(UUID::randomUUID).limit(BACKLOG).toList();
        children.forEach(child -> fixtures.childWithProfile(child, parent));
        clock.advance(retention.profileInactivity().plus(Duration.ofDays(1)));
        long profiles = profiles();

        int first;
        int second;
        try (ReplicaRace race = new ReplicaRace("profile", "LOCK TABLE child_profile IN EXCLUSIVE MODE")) {
            CompletableFuture<Integer> firstRun = race.start(purge::purge);
            CompletableFuture<Integer> secondRun = race.start(purge::purge);
            race.release();
            first = ReplicaRace.outcome(firstRun);
            second = ReplicaRace.outcome(secondRun);
        }

        for (UUID child : children) {
            assertEquals(0, RealInfrastructure.shared().database("profile").count("SELECT count(*) FROM child_profile WHERE child_id = ?", child),
                    "the whole backlog is erased in one run");
        }
        assertEquals(profiles - profiles(), first + second, "each profile erased by one replica");
    }

    private static long profiles() {
        return RealInfrastructure.shared().database("profile").count("SELECT count(*) FROM child_profile");
    }
}
