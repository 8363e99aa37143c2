package org.kidsafe.e2e;

import org.junit.jupiter.api.Test;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;
import org.kidsafe.testsupport.TopicProbe;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real events published again onto the real topics, as a relay retry or a replay would: exact
 * duplicates (same event id) and stale copies (a fresh id, the old time) arriving after newer
 * events. Nothing happens twice, and no stale event overrides a newer one.
 */
class DuplicateEventsIT {

    private static final Duration CONSUMED = Duration.ofSeconds(60);

    private final TopicProbe topics = ChildEvents.probe();

    @Test
    void duplicatesHaveNoSecondEffectAndStaleEventsNeverWin() {
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS", "CHAT").withProfile();
        Family.Toy kept = family.pairToy();
        family.awaitFirstUpload(kept);

        // Pairing: a toy unpaired stays unpaired when its old ToyPaired comes again.
        Family.Toy unpaired = family.pairToy();
        family.awaitFirstUpload(unpaired);
        family.journey.unpairToy(family.parent, family.child, unpaired.deviceId()).expect(204);
        awaitStatus(() -> family.journey.uploadPhoto(unpaired.token(), Family.png(), "image/png").status(), 403);
        // Events and media-service know the toy only by the pseudonym its token carries as device_id (issue 16).
        String pseudonym = unpaired.pseudonym();
        List<EventEnvelope> pairing = events(Topics.PROFILE, family.child, 2,
                event -> event.payload().path("devicePseudonym").asText().equals(pseudonym));
        replayWithStaleCopy(Topics.PROFILE, family.child, pairing, "ToyPaired", Platform.MEDIA);
        assertEquals(403, family.journey.uploadPhoto(unpaired.token(), Family.png(), "image/png").status(), "a stale ToyPaired re-paired the toy");
        assertEquals(1, ServiceRows.count(Platform.MEDIA, "SELECT count(*) FROM paired_device WHERE device_pseudonym = ? AND NOT paired", pseudonym));
        assertEquals(201, family.journey.uploadPhoto(kept.token(), Family.png(), "image/png").status(), "the other toy is untouched");

        // Consent: a revoked category stays revoked when its old ConsentGranted comes again.
        long grantsBefore = ServiceRows.ledgerEntriesOfChild("CONSENT_GRANTED", family.child);
        UUID photosErasure = family.journey.revoke(family.parent, family.child, "PHOTOS").expect(202).getErasureId();
        awaitStatus(() -> family.journey.uploadPhoto(kept.token(), Family.png(), "image/png").status(), 403);
        List<EventEnvelope> photos = events(Topics.CONSENT, family.child, 2, event -> event.payload().path("category").asText().equals("PHOTOS"));
        replayWithStaleCopy(Topics.CONSENT, family.child, photos, "ConsentGranted", Platform.MEDIA, Platform.PROFILE);
        assertEquals(403, family.journey.uploadPhoto(kept.token(), Family.png(), "image/png").status(), "a stale grant re-opened collection");
        assertEquals(201, family.journey.sendChatFromToy(kept.token(), "still allowed").status(), "CHAT consent is untouched");
        for (String service : List.of(Platform.MEDIA, Platform.PROFILE)) {
            assertEquals(1, ServiceRows.projected(service, family.child, "PHOTOS", false), service + "'s projection");
        }
        assertEquals(grantsBefore, ServiceRows.ledgerEntriesOfChild("CONSENT_GRANTED", family.child), "no grant was recorded again");

        // Erasure: every request and report again, and fresh copies of them: still one receipt each, one of each ledger entry.
        family.journey.awaitReceipt(family.parent, photosErasure, Duration.ofMinutes(2));
        UUID childErasure = family.journey.deleteChild(family.parent, family.child);
        String receipt = family.journey.awaitReceipt(family.parent, childErasure, Duration.ofMinutes(2)).getReceipt();
        for (String participant : List.of(Platform.PROFILE, Platform.MEDIA)) {
            String reports = Topics.erasureReportsOf(participant);
            replayWithStaleCopy(reports, family.child, events(reports, family.child, 2, event -> true), "ErasureCompleted", Platform.CONSENT);
        }
        List<EventEnvelope> requests = events(Topics.ERASURE_REQUESTS, family.child, 2, event -> true);
        replayWithStaleCopy(Topics.ERASURE_REQUESTS, family.child, requests, "ErasureRequested", Platform.MEDIA, Platform.PROFILE);
        assertEquals(receipt, family.journey.erasure(family.parent, childErasure).getReceipt(),
                "the receipt was not issued again");
        for (UUID erasure : List.of(photosErasure, childErasure)) {
            assertEquals(1, ServiceRows.ledgerEntriesMentioning("ERASURE_COMPLETED", erasure), "one completion of " + erasure);
            assertEquals(2, ServiceRows.ledgerEntriesMentioning("ERASURE_REPORT_ACCEPTED", erasure), "one accepted report per participant");
            assertEquals(2, ServiceRows.count(Platform.CONSENT, "SELECT count(*) FROM erasure_answer WHERE erasure_id = ?", erasure));
            assertEquals(1, ServiceRows.ledgerEntriesMentioning("ERASURE_REQUESTED", erasure), "one request");
        }
    }

    private static List<EventEnvelope> events(String topic, UUID child, int atLeast, Predicate<EventEnvelope> matching) {
        return ChildEvents.published(topic, child, atLeast, matching, Duration.ofSeconds(60));
    }

    /**
     * Publishes every event again (same id) and then a fresh-id copy of the first event of the given
     * type, which is older than what followed it; waits until the named services have consumed the copy.
     */
    private void replayWithStaleCopy(String topic, UUID child, List<EventEnvelope> events, String staleType, String... consumers) {
        for (EventEnvelope event : events) {
            topics.send(topic, child.toString(), EventCodec.encode(event));
        }
        EventEnvelope original = events.stream().filter(event -> event.type().equals(staleType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + staleType + " among " + events));
        EventEnvelope copy = new EventEnvelope(UUID.randomUUID(), original.type(), original.schemaVersion(), original.aggregateId(),
                original.occurredAt(), original.payload());
        topics.send(topic, child.toString(), EventCodec.encode(copy));
        for (String consumer : consumers) {
            await().atMost(CONSUMED).until(() -> ServiceRows.consumed(consumer, copy.id()) == 1);
        }
    }

    private static void awaitStatus(java.util.concurrent.Callable<Integer> call, int status) {
        await().atMost(Family.PROJECTION_DELAY).until(call, answered -> answered == status);
    }
}
