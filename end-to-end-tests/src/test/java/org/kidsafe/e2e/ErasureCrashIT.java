package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.api.client.model.ErasureView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of one service in the middle of an erasure saga, then a restart: the saga still
 * completes with one signed receipt that covers every service and counts exactly what was there.
 */
class ErasureCrashIT {

    private static final int PHOTOS = 2;
    private static final Duration RESTART = Duration.ofMinutes(3);

    @ParameterizedTest(name = "kill -9 {0} right after the erasure request")
    @ValueSource(strings = {Platform.CONSENT, Platform.PROFILE, Platform.MEDIA})
    void sagaCompletesAfterACrash(String victim) {
        Family family = Family.withConsents(DevRealm.ALICE, "PROFILE", "PHOTOS").withProfile();
        Family.Toy toy = family.pairToy();
        family.awaitFirstUpload(toy);
        for (int i = 1; i < PHOTOS; i++) {
            family.journey.uploadPhoto(toy.token(), Family.png(), "image/png").expect(201);
        }
        ServiceProcess service = RunningPlatform.get().service(victim);

        UUID erasure = family.journey.deleteChild(family.parent, family.child);
        service.kill();
        service.start();
        service.awaitReady(RESTART);

        ErasureView done = family.journey.awaitReceipt(family.parent, erasure, RESTART);
        JsonNode receipt = family.journey.verifyReceipt(done.getReceipt(), erasure, family.child);
        assertEquals(erasure.toString(), receipt.path("erasureId").asText());
        assertEquals(family.child.toString(), receipt.path("childId").asText());

        Map<String, JsonNode> parts = new HashMap<>();
        receipt.path("services").forEach(part -> parts.put(part.path("service").asText(), part));
        assertEquals(3, receipt.path("services").size(), "one part per service, none twice: " + receipt);
        assertTrue(parts.keySet().containsAll(java.util.List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)), "every service: " + receipt);
        assertEquals(PHOTOS, parts.get(Platform.MEDIA).path("erased").path("photo").asLong(), "photos erased: " + receipt);
        assertEquals(1, parts.get(Platform.PROFILE).path("erased").path("profile").asLong(), "profile erased: " + receipt);
        assertEquals(1, parts.get(Platform.PROFILE).path("erased").path("toy-binding").asLong(), "toy binding erased: " + receipt);
        assertFalse(parts.get(Platform.MEDIA).path("reportDigest").asText().isEmpty(), "media's signed report is referenced");
        assertFalse(parts.get(Platform.PROFILE).path("reportDigest").asText().isEmpty(), "profile's signed report is referenced");

        // The crash and the redeliveries it caused had no second effect.
        assertEquals(1, ServiceRows.ledgerEntriesMentioning("ERASURE_COMPLETED", erasure), "one completion");
        assertEquals(2, ServiceRows.ledgerEntriesMentioning("ERASURE_REPORT_ACCEPTED", erasure), "one accepted report per participant");
        assertEquals(0, ServiceRows.count(Platform.MEDIA, "SELECT count(*) FROM media_item WHERE child_id = ?", family.child), "no media left");
        assertEquals(0, ServiceRows.count(Platform.PROFILE, "SELECT count(*) FROM child_profile WHERE child_id = ?", family.child), "no profile left");
    }
}
