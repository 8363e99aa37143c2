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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variable contract the services honour, as rendered for production. */
class EnvironmentContractTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();

    private static final Set<String> COMMON = Set.of(
            "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT", "KIDSAFE_OIDC_ISSUER", "KIDSAFE_OIDC_AUDIENCE");
    private static final Set<String> DATA = Set.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM");
    private static final Map<String, String> RETENTION = Map.of(
            "KIDSAFE_RETENTION_PHOTOS", "P365D",
            "KIDSAFE_RETENTION_VOICE", "P30D",
            "KIDSAFE_RETENTION_CHAT", "P90D",
            "KIDSAFE_RETENTION_PROFILE_INACTIVITY", "P548D",
            "KIDSAFE_RETENTION_ABANDONED_SIGN_UP", "P14D",
            // T2 on receipts and in the notice (issue 18 item 1): one rotation period for every service that writes it.
            "KIDSAFE_KEK_ROTATION_PERIOD", "P30D",
            "KIDSAFE_ERASURE_KEEP_FOR", "P3Y");
    private static final String SIGNING_KEY = "/etc/kidsafe/signing/signing.key";
    private static final String TRUSTED_KEYS_DIR = "/etc/kidsafe/trusted-report-keys";

    @Test
    void consentService() {
        Deployment d = M.deployment("consent-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, RETENTION.keySet(), Set.of("KIDSAFE_SIGNING_PRIVATE_KEY_FILE",
                "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM", "QUARKUS_MAILER_START_TLS",
                "KIDSAFE_ERASURE_PARTICIPANTS", "KIDSAFE_ERASURE_DEADLINE", "KIDSAFE_PARENT_ACCOUNTS_URL",
                "KIDSAFE_PARENT_ACCOUNTS_REALM", "KIDSAFE_PARENT_ACCOUNTS_CLIENT_ID"));
        assertEquals("kidsafe-consent", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("https://keycloak.example/realms/kidsafe", config.get("KIDSAFE_OIDC_ISSUER"));
        assertEquals("smtp.example.org", config.get("QUARKUS_MAILER_HOST"));
        assertEquals("587", config.get("QUARKUS_MAILER_PORT"));
        assertEquals("REQUIRED", config.get("QUARKUS_MAILER_START_TLS"));
        assertEquals("profile-service,media-service", config.get("KIDSAFE_ERASURE_PARTICIPANTS"));
        assertEquals("PT2M", config.get("KIDSAFE_ERASURE_DEADLINE"));
        assertEquals("2", config.get("KIDSAFE_ERASURE_REPORTS_CONCURRENCY"),
                "2 on each of the two report channels: half of the pool of 8, as each report in flight holds a connection");
        assertEquals("https://api.kidsafe.example/privacy-center/", config.get("KIDSAFE_CONSENT_PRIVACY_CENTER_URL"),
                "the renewal mail links the privacy center on the gateway's first host (issue 19 item 3)");
        assertFalse(config.containsKey("KIDSAFE_RECEIPT_SIGNING_KEY_FILE"), "replaced by KIDSAFE_SIGNING_PRIVATE_KEY_FILE");
        assertFalse(config.containsKey("QUARKUS_OIDC_AUTH_SERVER_URL"), "KIDSAFE_OIDC_ISSUER is the one setting");
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-consent-db/username",
                "QUARKUS_MAILER_USERNAME", "kidsafe-consent-smtp/username",
                "QUARKUS_MAILER_PASSWORD", "kidsafe-consent-smtp/password"), Manifests.secretEnv(d));
        assertRotatableFiles(d, config, "kidsafe-consent-db", "kidsafe-consent-kafka", "kidsafe-consent-service");
        // Issue 19 item 5: it deletes a leaving or idle-purged parent's Keycloak user as kidsafe-parent-accounts.
        assertEquals("https://keycloak.example", config.get("KIDSAFE_PARENT_ACCOUNTS_URL"), "derived from the issuer");
        assertEquals("kidsafe", config.get("KIDSAFE_PARENT_ACCOUNTS_REALM"));
        assertEquals("kidsafe-parent-accounts", config.get("KIDSAFE_PARENT_ACCOUNTS_CLIENT_ID"));
        assertKeycloakSecretFile(d, config, "kidsafe-consent-keycloak");
        assertSigningKeyPair(d, config, "kidsafe-consent-signing-key");
        assertTrue(config.get("QUARKUS_DATASOURCE_JDBC_URL").contains("kidsafe-consent-db-pooler"),
                "consent-service must use its own database");
    }

    @Test
    void profileService() {
        Deployment d = M.deployment("profile-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, RETENTION.keySet(), Set.of("KIDSAFE_KEK_FILE", "KIDSAFE_KEK_KEY_ID",
                "KIDSAFE_SIGNING_PRIVATE_KEY_FILE", "KIDSAFE_KEYCLOAK_URL", "KIDSAFE_KEYCLOAK_REALM",
                "KIDSAFE_KEYCLOAK_REGISTRAR_CLIENT_ID"));
        assertEquals("kidsafe-profile", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("kek-1", config.get("KIDSAFE_KEK_KEY_ID"));
        assertEquals("https://keycloak.example", config.get("KIDSAFE_KEYCLOAK_URL"), "derived from the issuer");
        assertEquals("kidsafe", config.get("KIDSAFE_KEYCLOAK_REALM"));
        assertEquals("kidsafe-device-registrar", config.get("KIDSAFE_KEYCLOAK_REGISTRAR_CLIENT_ID"));
        assertEquals("4", config.get("KIDSAFE_ERASURE_REQUESTS_CONCURRENCY"), "half of the pool of 8: requests in flight each hold a connection");
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-profile-db/username",
                "KIDSAFE_PSEUDONYMISATION_KEY", "kidsafe-profile-pseudonymisation/pseudonymisation-key"), Manifests.secretEnv(d));
        assertRotatableFiles(d, config, "kidsafe-profile-db", "kidsafe-profile-kafka", "kidsafe-profile-service");
        assertKeycloakSecretFile(d, config, "kidsafe-profile-keycloak");
        assertFileFromSecret(d, config.get("KIDSAFE_KEK_FILE"), "kidsafe-profile-kek", "kek");
        assertSigningKeyPair(d, config, "kidsafe-profile-signing-key");
        assertTrue(config.get("QUARKUS_DATASOURCE_JDBC_URL").contains("kidsafe-profile-db-pooler"));
    }

    @Test
    void mediaService() {
        Deployment d = M.deployment("media-service");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, DATA, RETENTION.keySet(), Set.of("KIDSAFE_KEK_FILE", "KIDSAFE_KEK_KEY_ID",
                "KIDSAFE_SIGNING_PRIVATE_KEY_FILE", "KIDSAFE_MEDIA_STORE_DIRECTORY"));
        assertEquals("kidsafe-media", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("/var/lib/kidsafe/media", config.get("KIDSAFE_MEDIA_STORE_DIRECTORY"));
        assertEquals("filesystem", config.get("KIDSAFE_MEDIA_STORE_TYPE"));
        assertEquals("4", config.get("KIDSAFE_MEDIA_ERASURE_CONCURRENCY"), "half of the pool of 8: erasures in flight each hold a connection");
        assertEquals("2", config.get("KIDSAFE_ERASURE_REQUESTS_CONCURRENCY"), "each request only records a job for the worker");
        assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith("KIDSAFE_MEDIA_STORE_S3_") || k.startsWith("KIDSAFE_MEDIA_S3_")),
                "the default filesystem store renders no S3 setting");
        assertEquals(Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "kidsafe-media-db/username"), Manifests.secretEnv(d));
        assertRotatableFiles(d, config, "kidsafe-media-db", "kidsafe-media-kafka", "kidsafe-media-service");
        assertFileFromSecret(d, config.get("KIDSAFE_KEK_FILE"), "kidsafe-media-kek", "kek");
        assertSigningKeyPair(d, config, "kidsafe-media-signing-key");
    }

    @Test
    void gatewayGetsTheInClusterUrlsOfTheThreeServicesItsKeycloakClientSecretAndItsOwnDatabase() {
        Deployment d = M.deployment("gateway");
        Map<String, String> config = M.configEnv(d);
        assertHas(config, COMMON, Set.of("KIDSAFE_GATEWAY_CONSENT_URL", "KIDSAFE_GATEWAY_PROFILE_URL",
                "KIDSAFE_GATEWAY_MEDIA_URL", "KIDSAFE_GATEWAY_CORS_ORIGINS", "QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("kidsafe-gateway", config.get("KIDSAFE_OIDC_AUDIENCE"));
        assertEquals("https://keycloak.example/realms/kidsafe", config.get("KIDSAFE_OIDC_ISSUER"));
        assertEquals("https://parents.kidsafe.example", config.get("KIDSAFE_GATEWAY_CORS_ORIGINS"));
        assertEquals("20", config.get("KIDSAFE_GATEWAY_RATE_PER_SECOND"));
        assertEquals("40", config.get("KIDSAFE_GATEWAY_RATE_BURST"));
        assertEquals("20971520", config.get("KIDSAFE_GATEWAY_MEDIA_MAX_BYTES"));
        assertFalse(config.containsKey("KIDSAFE_GATEWAY_PUBLIC_RATE_PER_SECOND"), "0 keeps the gateway's default");
        assertFalse(config.containsKey("KIDSAFE_GATEWAY_PUBLIC_RATE_BURST"));
        assertFalse(config.containsKey("KIDSAFE_GATEWAY_RATE_LEASE_TOKENS"), "0 keeps the default lease (5)");
        Manifests leasing12 = Chart.production().set("gateway.rateLimit.leaseMaxTokens", 12).manifests();
        assertEquals("12", leasing12.configEnv(leasing12.deployment("gateway")).get("KIDSAFE_GATEWAY_RATE_LEASE_TOKENS"));
        assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith("KIDSAFE_RETENTION_")), "the gateway keeps no data");
        assertEquals("kidsafe-gateway", config.get("KIDSAFE_GATEWAY_CLIENT_ID"));
        // Its credentials: the confidential client that exchanges callers' tokens (issue 16 item 4), as a file, and its
        // own database's login, for the rate limits its replicas share (issue 21 item 1); no Kafka.
        assertEquals(Map.of("QUARKUS_DATASOURCE_USERNAME", "kidsafe-gateway-db/username"), Manifests.secretEnv(d));
        assertEquals("database", config.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"));
        assertFileFromSecret(d, "/etc/kidsafe/secrets/database/secret", "kidsafe-gateway-db", "password");
        assertTrue(config.get("QUARKUS_DATASOURCE_JDBC_URL").contains("kidsafe-gateway-db-pooler"), "through its PgBouncer (PoolerTest)");
        assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith("KAFKA_")), "the gateway has no Kafka");
        assertKeycloakSecretFile(d, config, "kidsafe-gateway-keycloak");
        // And the CA of the services' certificates, from its own certificate's secret (issue 17 item 4), and its
        // database cluster's CA (sslmode=verify-full).
        assertEquals(Set.of("kidsafe-gateway-keycloak", "kidsafe-gateway-tls", "kidsafe-gateway-db", "kidsafe-gateway-db-ca"),
                Manifests.secretsReadBy(d.getSpec().getTemplate().getSpec()));
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

    /** One retention policy: consent-service publishes it, profile-service and media-service purge by it. */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void consentProfileAndMediaCarryTheSameRetentionPolicy(Scenario scenario) {
        Manifests m = scenario.manifests();
        Map<String, Map<String, String>> byService = new java.util.TreeMap<>();
        for (String service : List.of("consent-service", "profile-service", "media-service")) {
            Map<String, String> retention = new java.util.TreeMap<>();
            m.configEnv(m.deployment(service)).forEach((k, v) -> {
                if (RETENTION.containsKey(k)) {
                    retention.put(k, v);
                }
            });
            byService.put(service, retention);
        }
        assertEquals(RETENTION.keySet(), byService.get("consent-service").keySet());
        byService.forEach((service, retention) -> assertEquals(byService.get("consent-service"), retention,
                service + " must purge by the policy consent-service publishes"));
    }

    @Test
    void aRetentionChangeReachesTheThreeServicesAlike() {
        Manifests m = Chart.production().set("retention.voice", "P7D").set("retention.chat", "PT720H").manifests();
        for (String service : List.of("consent-service", "profile-service", "media-service")) {
            Map<String, String> config = m.configEnv(m.deployment(service));
            assertEquals("P7D", config.get("KIDSAFE_RETENTION_VOICE"), service);
            assertEquals("PT720H", config.get("KIDSAFE_RETENTION_CHAT"), service);
        }
    }

    /**
     * consent-service verifies the participants' erasure reports with their PUBLIC keys, mounted read-only from a
     * ConfigMap. The config key is a map (kidsafe.erasure.trusted-keys."profile-service" = file) whose keys have a
     * dash, which no environment variable can name, so the chart passes them as -D options in JAVA_OPTS_APPEND.
     */
    @Test
    void consentServiceTrustsTheParticipantsPublicKeys() {
        Deployment d = M.deployment("consent-service");
        ConfigMap keys = (ConfigMap) M.find("ConfigMap", "kidsafe-consent-service-trusted-report-keys")
                .orElseThrow(() -> new AssertionError("no trusted report keys ConfigMap"));
        assertEquals(Set.of("profile-service.pub", "media-service.pub"), keys.getData().keySet());
        keys.getData().values().forEach(pem -> assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----")
                && pem.strip().endsWith("-----END PUBLIC KEY-----") && !pem.contains("PRIVATE"), pem));
        VolumeMount mount = Manifests.container(d).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(TRUSTED_KEYS_DIR)).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        Volume volume = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertEquals(keys.getMetadata().getName(), volume.getConfigMap().getName());
        String javaOpts = M.configEnv(d).get("JAVA_OPTS_APPEND");
        assertTrue(javaOpts.startsWith("-XX:MaxRAMPercentage=75.0 "), "production's JVM options (serviceDefaults.jvm) first: " + javaOpts);
        for (String service : List.of("profile-service", "media-service")) {
            assertTrue(javaOpts.contains("-Dkidsafe.erasure.trusted-keys." + service + "=" + TRUSTED_KEYS_DIR + "/"
                    + service + ".pub"), javaOpts);
        }
        assertFalse(M.configEnv(d).containsKey("KIDSAFE_ERASURE_TRUSTED_KEYS_DIRECTORY"),
                "consent-service reads one file per service, not a directory");
        for (String other : List.of("profile-service", "media-service", "gateway")) {
            assertTrue(Manifests.container(M.deployment(other)).getVolumeMounts().stream()
                    .noneMatch(m -> m.getMountPath().equals(TRUSTED_KEYS_DIR)), other);
        }
    }

    /**
     * Issue 18 item 4: after a rotation consent-service keeps publishing its retired public keys (one {@code <kid>.pub}
     * each in a ConfigMap at KIDSAFE_SIGNING_RETIRED_KEYS_DIRECTORY) and still trusts a participant's retired keys
     * (projected into {@code <service>.retired/} beside the current key), and a change to either rolls consent-service.
     */
    @Test
    void retiredSigningKeysArePublishedAndTrustedAfterARotation() {
        Manifests m = Chart.production().values(Chart.MODULE_DIR.resolve("src/test/resources/fixtures/rotated-signing-keys-values.yaml"))
                .manifests();
        Deployment d = m.deployment("consent-service");
        ConfigMap retired = (ConfigMap) m.find("ConfigMap", "kidsafe-consent-service-retired-signing-keys")
                .orElseThrow(() -> new AssertionError("no retired signing keys ConfigMap"));
        assertEquals(Set.of("consent-service.pub", "consent-service.xutohIjGWjdSTqdqYGNnxxbzx0KRYNdUpyokSy1raYo.pub"),
                retired.getData().keySet());
        assertEquals("/etc/kidsafe/signing-retired", m.configEnv(d).get("KIDSAFE_SIGNING_RETIRED_KEYS_DIRECTORY"));
        VolumeMount mount = Manifests.container(d).getVolumeMounts().stream()
                .filter(v -> v.getMountPath().equals("/etc/kidsafe/signing-retired")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, mount.getReadOnly());

        Volume trusted = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("trusted-report-keys")).findFirst().orElseThrow();
        assertTrue(trusted.getConfigMap().getItems().stream().anyMatch(item -> item.getPath().equals(
                "profile-service.retired/profile-service.Gpfi0b4UVxfIyKIjBkoM7skcS7RQRXro9xMVEBHNmBU.pub")), trusted.toString());
        assertTrue(m.configEnv(d).get("JAVA_OPTS_APPEND").contains("-Dkidsafe.erasure.trusted-keys.profile-service="
                + TRUSTED_KEYS_DIR + "/profile-service.pub," + TRUSTED_KEYS_DIR + "/profile-service.retired"));
        assertNotEquals(M.deployment("consent-service").getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"),
                d.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"), "a retired key rolls consent-service");
        assertFalse(M.configEnv(M.deployment("consent-service")).containsKey("KIDSAFE_SIGNING_RETIRED_KEYS_DIRECTORY"),
                "no retired keys, no directory");
    }

    /**
     * The KEK rotation of deploy/README.md for several replicas (issue 18 item 1): first the next KEK is mounted readable
     * while the current one still wraps, then it is promoted with the previous one readable, so during either rollout
     * every pod reads whatever any other pod wraps with.
     */
    @Test
    void aKekRotationDistributesTheNextKekReadableBeforePromotingIt() {
        Manifests distributed = Chart.production().set("profile.kek.retired.kek-2", "kek-2").manifests();
        Deployment distribute = distributed.deployment("profile-service");
        assertEquals("kek-1", distributed.configEnv(distribute).get("KIDSAFE_KEK_KEY_ID"), "the current KEK still wraps");
        assertTrue(distributed.configEnv(distribute).get("JAVA_OPTS_APPEND").contains("-Dkidsafe.kek.retired.kek-2=/etc/kidsafe/kek/retired-kek-2"));
        assertEquals(Map.of("kek", "kek", "kek-2", "retired-kek-2"), kekItems(distribute));

        Manifests promoted = Chart.production().set("profile.kek.keyId", "kek-2").set("profile.kek.key", "kek-2")
                .set("profile.kek.retired.kek-1", "kek").manifests();
        Deployment promote = promoted.deployment("profile-service");
        assertEquals("kek-2", promoted.configEnv(promote).get("KIDSAFE_KEK_KEY_ID"));
        assertTrue(promoted.configEnv(promote).get("JAVA_OPTS_APPEND").contains("-Dkidsafe.kek.retired.kek-1=/etc/kidsafe/kek/retired-kek-1"));
        assertEquals(Map.of("kek-2", "kek", "kek", "retired-kek-1"), kekItems(promote), "the next KEK wraps, the previous one is read");
    }

    private static Map<String, String> kekItems(Deployment d) {
        Volume kek = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("kek")).findFirst().orElseThrow();
        return kek.getSecret().getItems().stream().collect(java.util.stream.Collectors.toMap(i -> i.getKey(), i -> i.getPath()));
    }

    @Test
    void aRetiredKekIsASecondFileOfTheSameSecret() {
        Manifests m = Chart.production().set("profile.kek.keyId", "kek-2").set("profile.kek.retired.kek-1", "kek-1")
                .set("profile.kek.fingerprintKeyId", "kek-1").manifests();
        Deployment d = m.deployment("profile-service");
        Map<String, String> config = m.configEnv(d);
        assertEquals("kek-2", config.get("KIDSAFE_KEK_KEY_ID"));
        assertEquals("kek-1", config.get("KIDSAFE_KEK_FINGERPRINT_KEY_ID"));
        assertTrue(config.get("JAVA_OPTS_APPEND").contains("-Dkidsafe.kek.retired.kek-1=/etc/kidsafe/kek/retired-kek-1"),
                config.get("JAVA_OPTS_APPEND"));
        Volume kek = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("kek")).findFirst().orElseThrow();
        assertEquals("kidsafe-profile-kek", kek.getSecret().getSecretName());
        assertEquals(Map.of("kek", "kek", "kek-1", "retired-kek-1"), kek.getSecret().getItems().stream()
                .collect(java.util.stream.Collectors.toMap(i -> i.getKey(), i -> i.getPath())));
        assertFalse(m.configEnv(m.deployment("media-service")).get("JAVA_OPTS_APPEND").contains("kek.retired"),
                "media-service's KEKs are its own");

        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Chart.production().set("media.kek.retired.kek-1", "old").yaml());
        assertTrue(e.getMessage().contains("the current KEK id kek-1 cannot also be a retired one"), e.getMessage());
    }

    /**
     * The two settings whose names look secret but which only say where the secret is (issue 16 item 5): the Kafka login
     * names the principal and its password FILE, the datasource names its credentials provider. Their values are
     * checked instead of their names: no password in them.
     */
    private static final Set<String> NAMING_A_SECRET_FILE = Set.of("KAFKA_SASL_JAAS_CONFIG", "QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noSecretValueEverLandsInAConfigMap(Scenario scenario) {
        for (ConfigMap map : scenario.manifests().ofType(ConfigMap.class)) {
            map.getData().forEach((key, value) -> {
                if (NAMING_A_SECRET_FILE.contains(key)) {
                    assertFalse(value.matches("(?is).*\\bpassword\\s*=.*"), map.getMetadata().getName() + " holds a password in " + key);
                } else {
                    assertTrue(!key.matches(".*(PASSWORD|SECRET|JAAS|TOKEN|CREDENTIAL|ACCESS_KEY).*"),
                            map.getMetadata().getName() + " holds " + key);
                }
            });
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

    /**
     * Issue 16 item 5: the database and Kafka passwords reach the service as files of whole-directory secret mounts
     * (which the kubelet updates in place, unlike environment variables), read at each new connection and each SASL
     * (re-)authentication, so a rotated secret needs no restart.
     */
    private static void assertRotatableFiles(Deployment d, Map<String, String> config, String databaseSecret, String kafkaSecret,
                                             String kafkaUser) {
        assertEquals("database", config.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"));
        assertTrue(config.get("JAVA_OPTS_APPEND").contains("-Dkidsafe.secret-files.database=/etc/kidsafe/secrets/database/secret"),
                config.get("JAVA_OPTS_APPEND"));
        assertFileFromSecret(d, "/etc/kidsafe/secrets/database/secret", databaseSecret, "password");
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + kafkaUser
                + "\" passwordFile=\"/etc/kidsafe/secrets/kafka/secret\";", config.get("KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("org.kidsafe.events.kafka.PasswordFileScramLogin", config.get("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS"));
        assertFileFromSecret(d, "/etc/kidsafe/secrets/kafka/secret", kafkaSecret, "password");
        assertTrue(Manifests.container(d).getVolumeMounts().stream().noneMatch(m -> m.getSubPath() != null),
                "a subPath mount is never updated in place");
    }

    private static void assertKeycloakSecretFile(Deployment d, Map<String, String> config, String secret) {
        assertTrue(config.get("JAVA_OPTS_APPEND").contains("-Dkidsafe.secret-files.keycloak-client=/etc/kidsafe/secrets/keycloak/secret"),
                config.get("JAVA_OPTS_APPEND"));
        assertFileFromSecret(d, "/etc/kidsafe/secrets/keycloak/secret", secret, "client-secret");
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

    /** KIDSAFE_SIGNING_PRIVATE_KEY_FILE = .../signing.key; the service reads signing.pub beside it. */
    private static void assertSigningKeyPair(Deployment d, Map<String, String> config, String secret) {
        assertEquals(SIGNING_KEY, config.get("KIDSAFE_SIGNING_PRIVATE_KEY_FILE"));
        VolumeMount mount = Manifests.container(d).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/etc/kidsafe/signing")).findFirst()
                .orElseThrow(() -> new AssertionError("no signing key mount"));
        assertEquals(Boolean.TRUE, mount.getReadOnly(), "the signing key must be mounted read-only");
        Volume volume = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertEquals(secret, volume.getSecret().getSecretName());
        assertEquals(Map.of("signing.key", "signing.key", "signing.pub", "signing.pub"),
                volume.getSecret().getItems().stream()
                        .collect(java.util.stream.Collectors.toMap(i -> i.getKey(), i -> i.getPath())));
        assertEquals(288, volume.getSecret().getDefaultMode(), "0440");
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
