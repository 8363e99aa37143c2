package org.kidsafe.e2e;

import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.launcher.deadletter.DeadLetterReplay;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;

import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's replay (`./kidsafe dead-letters replay`) against the real services' dead-letter
 * topics: an event parked on media-service's dead-letter topic, as its channel parks one it could not
 * apply, has no effect until it is replayed, then takes effect once, in every consumer that lacked it.
 */
class DeadLetterReplayIT {

    @Test
    void aParkedRevocationTakesEffectOnceItIsReplayed() {
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS").withProfile();
        Family.Toy toy = family.pairToy();
        family.awaitFirstUpload(toy);

        String parked = Topics.deadLetter(Topics.CONSENT, Platform.MEDIA);
        EventEnvelope revocation = EventCodec.envelope(family.child,
                new ConsentRevoked(UUID.fromString(DevRealm.BOB.id()), DataCategory.PHOTOS), Instant.now());
        ChildEvents.probe().send(parked, family.child.toString(), EventCodec.encode(revocation));
        assertEquals(201, family.journey.uploadPhoto(toy.token(), Family.png(), "image/png").status(),
                "a parked event has no effect");

        DeadLetterReplay replay = new DeadLetterReplay(RunningPlatform.get().kafka().adminConfig());
        assertTrue(replay.waiting().get(parked) >= 1, "the parked event is listed as waiting");
        assertTrue(replay.replay(parked) >= 1);

        await().atMost(Family.PROJECTION_DELAY).until(
                () -> family.journey.uploadPhoto(toy.token(), Family.png(), "image/png").status() == 403);
        for (String service : new String[] {Platform.MEDIA, Platform.PROFILE}) {
            await().atMost(Family.PROJECTION_DELAY).until(() -> ServiceRows.consumed(service, revocation.id()) == 1);
            assertEquals(1, ServiceRows.projected(service, family.child, "PHOTOS", false), service + "'s projection");
        }
        assertEquals(0, replay.waiting().get(parked));
        assertEquals(0, replay.replay(parked), "a replayed event is not replayed again");
    }
}
