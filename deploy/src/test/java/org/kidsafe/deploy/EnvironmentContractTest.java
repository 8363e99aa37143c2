package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variable contract the services honour, as rendered for production. */
class EnvironmentContractTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();

    private static final Set<String> COMMON = Set.of(
            "QUARKUS_HTTP_PORT", "QUARKUS_OIDC_AUTH_SERVER_URL", "KIDSAFE_OIDC_AUDIENCE");
    private static final Set<String> DATA = Set.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM");

    @Test
    void consentService() {
        Deployment d = M.deployment("consent-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, Set.of("KIDSAFE_RECEIPT_SIGNING_KEY_FILE", "QUARKUS_MAILER_HOST",
                "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM"));
        assertEquals("kidsafe-consent", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("https://keycloak.example/realms/kidsafe", config.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
        assertEquals("smtp.example.org", config.get("QUARKUS_MAILER_HOST"));
        assertEquals("587", config.get("QUARKUS_MAILER_PORT"));
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-consent-db/username",
                "QUARKUS_DATASOURCE_PASSWORD", "kidsafe-consent-db/password",
                "KAFKA_SASL_JAAS_CONFIG", "kidsafe-consent-kafka/sasl.jaas.config",
                "QUARKUS_MAILER_USERNAME", "kidsafe-consent-smtp/username",
                "QUARKUS_MAILER_PASSWORD", "kidsafe-consent-smtp/password"), Manifests.secretEnv(d));
        assertFileFromSecret(d, config.get("KIDSAFE_RECEIPT_SIGNING_KEY_FILE"),
                "kidsafe-consent-signing-key", "receipt-signing-key.pem");
        assertTrue(config.get("QUARKUS_DATASOURCE_JDBC_URL").contains("kidsafe-consent-db-rw"),
                "consent-service must use its own database");
    }

    @Test
    void profileService() {
        Deployment d = M.deployment("profile-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, Set.of("KIDSAFE_KEK_FILE"));
        assertEquals("kidsafe-profile", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-profile-db/username",
                "QUARKUS_DATASOURCE_PASSWORD", "kidsafe-profile-db/password",
                "KAFKA_SASL_JAAS_CONFIG", "kidsafe-profile-kafka/sasl.jaas.config"), Manifests.secretEnv(d));
        assertFileFromSecret(d, config.get("KIDSAFE_KEK_FILE"), "kidsafe-profile-kek", "kek");
        assertTrue(config.get("QUARKUS_DATASOURCE_JDBC_URL").contains("kidsafe-profile-db-rw"));
    }

    @Test
    void mediaService() {
        Deployment d = M.deployment("media-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, Set.of("KIDSAFE_KEK_FILE", "KIDSAFE_MEDIA_STORE",
                "KIDSAFE_MEDIA_S3_ENDPOINT", "KIDSAFE_MEDIA_S3_BUCKET", "KIDSAFE_MEDIA_S3_REGION"));
        assertEquals("kidsafe-media", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("s3", config.get("KIDSAFE_MEDIA_STORE"));
        assertEquals("kidsafe-media-prod", config.get("KIDSAFE_MEDIA_S3_BUCKET"));
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-media-db/username",
                "QUARKUS_DATASOURCE_PASSWORD", "kidsafe-media-db/password",
                "KAFKA_SASL_JAAS_CONFIG", "kidsafe-media-kafka/sasl.jaas.config",
                "KIDSAFE_MEDIA_S3_ACCESS_KEY_ID", "kidsafe-media-s3/access-key-id",
                "KIDSAFE_MEDIA_S3_SECRET_ACCESS_KEY", "kidsafe-media-s3/secret-access-key"), Manifests.secretEnv(d));
        assertFileFromSecret(d, config.get("KIDSAFE_KEK_FILE"), "kidsafe-media-kek", "kek");
    }

    @Test
    void gatewayGetsTheInClusterUrlsOfTheThreeServicesAndNothingSecret() {
        Deployment d = M.deployment("gateway");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, Set.of("KIDSAFE_GATEWAY_CONSENT_URL", "KIDSAFE_GATEWAY_PROFILE_URL",
                "KIDSAFE_GATEWAY_MEDIA_URL", "KIDSAFE_GATEWAY_CORS_ORIGINS"));
        assertEquals("kidsafe-gateway", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("https://parents.kidsafe.example", config.get("KIDSAFE_GATEWAY_CORS_ORIGINS"));
        assertEquals(Map.of(), Manifests.secretEnv(d));
        Map<String, String> upstreams = Map.of(
                "KIDSAFE_GATEWAY_CONSENT_URL", "consent-service",
                "KIDSAFE_GATEWAY_PROFILE_URL", "profile-service",
                "KIDSAFE_GATEWAY_MEDIA_URL", "media-service");
        upstreams.forEach((variable, service) -> {
            URI url = URI.create(config.get(variable));
            String serviceName = url.getHost().split("\\.")[0];
            assertEquals(serviceName + "." + Chart.NAMESPACE + ".svc.cluster.local", url.getHost());
            Service target = (Service) M.find("Service", serviceName)
                    .orElseThrow(() -> new AssertionError(variable + " names a missing Service " + serviceName));
            assertEquals(url.getPort(), target.getSpec().getPorts().get(0).getPort(), variable);
            Deployment upstream = M.deployment(service);
            assertTrue(Selectors.matches(target.getSpec().getSelector(),
                    upstream.getSpec().getTemplate().getMetadata().getLabels()), variable + " must reach " + service);
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noSecretValueEverLandsInAConfigMap(Scenario scenario) {
        for (ConfigMap map : scenario.manifests().ofType(ConfigMap.class)) {
            map.getData().keySet().forEach(key -> assertTrue(
                    !key.matches(".*(PASSWORD|SECRET|JAAS|TOKEN|CREDENTIAL|ACCESS_KEY).*"),
                    map.getMetadata().getName() + " holds " + key));
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noVariableIsSetTwiceAndNoneIsEmpty(Scenario scenario) {
        for (Deployment d : scenario.manifests().ofType(Deployment.class)) {
            Map<String, String> config = scenario.manifests().configEnv(d);
            Set<String> overlap = new HashSet<>(config.keySet());
            overlap.retainAll(Manifests.secretEnv(d).keySet());
            assertEquals(Set.of(), overlap, d.getMetadata().getName());
            config.forEach((k, v) -> assertTrue(!v.isEmpty(), d.getMetadata().getName() + ": empty " + k
                    + " would hide the service's own default"));
        }
    }

    private static void assertFileFromSecret(Deployment d, String file, String secret, String key) {
        assertNotNull(file, "file variable missing");
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        VolumeMount mount = Manifests.container(d).getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(file + " is on no mounted volume"));
        assertEquals(Boolean.TRUE, mount.getReadOnly(), file + " must be mounted read-only");
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        assertNotNull(volume.getSecret(), file + " must come from a secret");
        assertEquals(secret, volume.getSecret().getSecretName());
        String relative = file.substring(mount.getMountPath().length() + 1);
        assertTrue(volume.getSecret().getItems().stream()
                        .anyMatch(i -> i.getKey().equals(key) && i.getPath().equals(relative)),
                file + " must be key " + key + " of " + secret);
        assertEquals(1, volume.getSecret().getItems().size(), "only that key is projected");
    }

    @SafeVarargs
    private static void assertHas(Map<String, String> config, Set<String>... expected) {
        for (Set<String> names : expected) {
            for (String name : names) {
                assertTrue(config.containsKey(name) && !config.get(name).isBlank(), "missing " + name);
            }
        }
    }
}
