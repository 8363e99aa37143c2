package org.kidsafe.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pods restart when, and only when, their own ConfigMap changes. */
class ConfigChecksumTest {

    private static final Map<String, String> BASE = Scenario.PRODUCTION.manifests().configChecksums();

    private static Set<String> changedBy(String key, Object value) {
        Map<String, String> changed = Chart.production().set(key, value).manifests().configChecksums();
        assertEquals(BASE.keySet(), changed.keySet());
        return BASE.keySet().stream().filter(s -> !BASE.get(s).equals(changed.get(s)))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void everyPodTemplateCarriesAChecksum() {
        assertEquals(Set.of("consent-service", "profile-service", "media-service", "gateway"), BASE.keySet());
        BASE.forEach((service, sum) -> assertTrue(sum != null && sum.matches("[0-9a-f]{64}"), service + ": " + sum));
    }

    @Test
    void theChecksumIsStableForTheSameValues() {
        assertEquals(BASE, Chart.production().manifests().configChecksums());
    }

    @Test
    void aServiceSettingRestartsOnlyThatService() {
        assertEquals(Set.of("consent-service"), changedBy("consent.mailer.host", "smtp2.example.org"));
        assertEquals(Set.of("profile-service"), changedBy("profile.extraConfig.KIDSAFE_FEATURE_X", "on"));
        assertEquals(Set.of("media-service"), changedBy("media.kek.keyId", "kek-2"));
        assertEquals(Set.of("consent-service"), changedBy("consent.erasure.trustedReportKeys.media-service",
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"),
                "a new trusted report key restarts consent-service, which reads it at start");
        assertEquals(Set.of("gateway"), changedBy("gateway.corsOrigins[0]", "https://other.kidsafe.example"));
    }

    @Test
    void aSharedSettingRestartsEveryServiceThatUsesIt() {
        assertEquals(Set.of("consent-service", "profile-service", "media-service", "gateway"),
                changedBy("oidc.issuer", "https://login.kidsafe.example/realms/kidsafe"));
        assertEquals(Set.of("consent-service", "profile-service", "media-service"),
                changedBy("retention.voice", "P7D"), "the gateway keeps no data");
        assertEquals(Set.of("consent-service", "profile-service", "media-service"),
                changedBy("kafka.bootstrapServers", "other-bootstrap:9093"), "the gateway uses no Kafka");
    }

    @Test
    void anUnrelatedValueRestartsNothing() {
        assertEquals(Set.of(), changedBy("serviceDefaults.podAnnotations.team", "platform"));
        assertNotEquals(BASE.get("consent-service"), BASE.get("profile-service"));
    }
}
