package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the parent app may be sent back after sign-in: exact pages in production, plus the running gateway's in development. */
class RealmRedirectUrisTest {

    @Test
    void productionRegistersExactPagesOnlyOverHttpsOrTheAppScheme() {
        List<String> uris = redirectUris(KidSafeRealm.load());
        assertEquals(List.of(KidSafeRealm.MOBILE_REDIRECT_URI, KidSafeRealm.PRIVACY_CENTER_REDIRECT_URI), uris);
        uris.forEach(uri -> assertTrue(!uri.contains("*") && (uri.startsWith("https://") || uri.startsWith("org.kidsafe.app:")), uri));
    }

    @Test
    void developmentAddsThePrivacyCenterOfTheGatewayItRunsWhereverItListens() {
        List<String> uris = redirectUris(DevRealm.realm("http://127.0.0.1:43210"));
        assertTrue(uris.contains("http://127.0.0.1:43210/privacy-center/"), uris.toString());
        assertTrue(uris.containsAll(redirectUris(KidSafeRealm.load())), uris.toString());
    }

    private static List<String> redirectUris(ObjectNode realm) {
        for (JsonNode client : realm.path("clients")) {
            if (KidSafeRealm.PARENT_APP.equals(client.path("clientId").asText())) {
                List<String> uris = new ArrayList<>();
                client.path("redirectUris").forEach(uri -> uris.add(uri.asText()));
                return uris;
            }
        }
        throw new AssertionError("No " + KidSafeRealm.PARENT_APP + " client");
    }
}
