package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KeycloakTokens.TokenResponse;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.events.EventEnvelope;
import org.kidsafe.events.Topics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A toy's identity through the whole platform with the real Keycloak (docs/design/toy-identity.md; issue 16
 * items 2-3, issue 21 item 4): pairing through profile-service creates a user in /toys, the toy logs in with the
 * password grant on the shared toy client and gets an offline session, its token and the pairing event carry the
 * device's pseudonym and never its raw id, and unpairing deletes the user, which ends the offline session too.
 */
class ToyIdentityIT {

    @Test
    void aPairedToyIsAUserOfTheToysWithAPseudonymAndUnpairingEndsEvenItsOfflineSession() {
        Family family = Family.withConsents(DevRealm.BOB, "PROFILE", "PHOTOS").withProfile();
        String deviceId = "identity-toy-" + UUID.randomUUID();
        String code = family.journey.createPairingCode(family.parent, family.child);
        ToyCredentialsView credentials = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> family.journey.redeemPairingCode(code, deviceId), answer -> answer.status() != 429).expect(201);
        String issuer = RunningPlatform.get().keycloak().issuer();

        assertEquals(KeycloakTokens.tokenEndpoint(issuer), credentials.getTokenEndpoint());
        assertEquals(KidSafeRealm.TOY_CLIENT, credentials.getClientId());
        assertEquals(family.child, credentials.getChildId());
        String username = credentials.getUsername();
        assertTrue(username.matches("toy-[0-9a-f-]{36}@toys\\.invalid") && !username.contains(deviceId), username);
        String secret = credentials.getSecret();
        assertTrue(secret.length() >= 43, "a 256-bit secret");

        TokenResponse login = KeycloakTokens.toy(issuer, username, secret);
        JsonNode claims = KeycloakTokens.payload(login.accessToken());
        String pseudonym = claims.path(KidSafeRealm.CLAIM_DEVICE_ID).asText();
        assertTrue(pseudonym.matches("[A-Za-z0-9_-]{43}"), "device_id is the pseudonym: " + pseudonym);
        assertFalse(login.body().toString().contains(deviceId), "the raw device id is nowhere in the token");
        assertEquals(family.child.toString(), claims.path(KidSafeRealm.CLAIM_CHILD_ID).asText());
        String offline = login.body().path("refresh_token").asText();

        Family.Toy toy = new Family.Toy(deviceId, username, secret, login.accessToken());
        family.awaitFirstUpload(toy);
        List<EventEnvelope> paired = ChildEvents.published(Topics.PROFILE, family.child, 1,
                event -> "ToyPaired".equals(event.type()), Duration.ofSeconds(30));
        assertEquals(2, paired.get(0).schemaVersion());
        assertEquals(pseudonym, paired.get(0).payload().path("devicePseudonym").asText());
        assertFalse(paired.get(0).payload().toString().contains(deviceId), "no raw device id leaves profile-service");

        family.journey.unpairToy(family.parent, family.child, deviceId).expect(204);
        assertFalse(KeycloakTokens.toy(issuer, username, secret).ok(), "the toy's user is deleted right after the unpairing");
        assertFalse(KeycloakTokens.refresh(issuer, KidSafeRealm.TOY_CLIENT, offline).ok(), "and its offline session with it");
        await().atMost(Family.PROJECTION_DELAY).until(() -> family.journey.uploadPhoto(login.accessToken(), Family.png(), "image/png").status() == 403);
    }
}
