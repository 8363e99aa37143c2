package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In production mode the render fails rather than deploy a service without its own secret or settings. */
class ProductionModeTest {

    private static final String VERIFIED_URL = "jdbc:postgresql://db.example:5432/%s?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.crt";

    /** Production values without the operators, so that no operator-generated secret stands in. */
    private static Chart.Render productionWithoutOperators() {
        return Chart.render().values(Chart.PRODUCTION_VALUES)
                .set("cnpg.enabled", false)
                .set("strimzi.enabled", false)
                .set("keycloak.enabled", false)
                .set("consent.database.jdbcUrl", VERIFIED_URL.formatted("consent"))
                .set("profile.database.jdbcUrl", VERIFIED_URL.formatted("profile"))
                .set("media.database.jdbcUrl", VERIFIED_URL.formatted("media"))
                .set("gateway.database.jdbcUrl", VERIFIED_URL.formatted("gateway"));
    }

    @Test
    void productionWithoutOperatorsRendersWhenEverySecretIsNamed() {
        Manifests m = productionWithoutOperators().manifests();
        assertEquals(4, m.ofType(Deployment.class).size());
        assertTrue(m.ofKind("Cluster").isEmpty() && m.ofKind("KafkaUser").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "consent.database.existingSecret", "consent.kafka.existingSecret", "consent.signingKey.existingSecret",
            "consent.mailer.existingSecret", "consent.kek.existingSecret", "consent.parentAccounts.existingSecret",
            "profile.database.existingSecret", "profile.kafka.existingSecret", "profile.kek.existingSecret",
            "profile.signingKey.existingSecret", "profile.keycloak.existingSecret", "profile.pseudonymisation.existingSecret",
            "media.database.existingSecret", "media.kafka.existingSecret", "media.kek.existingSecret",
            "media.signingKey.existingSecret", "gateway.tokenExchange.existingSecret",
            "gateway.database.existingSecret"})
    void aMissingSecretNameFailsTheRender(String path) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> productionWithoutOperators().set(path, "").yaml());
        assertTrue(e.getMessage().contains(path + " must name an existing secret"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.kafka.existingSecret", "gateway.signingKey.existingSecret", "consent.keycloak.existingSecret",
            "media.keycloak.existingSecret", "gateway.kek.existingSecret", "consent.store.s3.existingSecret",
            "media.pseudonymisation.existingSecret", "consent.pseudonymisation.existingSecret"})
    void aServiceCannotBeGivenASecretItDoesNotOwn(String path) {
        // The schema knows which secrets each service has: anything else is refused, not silently ignored.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set(path, "some-secret").yaml());
        assertTrue(e.getMessage().contains("additional properties"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "oidc.issuer, oidc.issuer is required",
            "kafka.bootstrapServers, kafka.bootstrapServers is required",
            "consent.mailer.host, consent.mailer.host is required",
            "consent.mailer.from, consent.mailer.from is required",
            "consent.erasure.trustedReportKeys.profile-service, consent.erasure.trustedReportKeys.profile-service",
            "consent.erasure.trustedReportKeys.media-service, consent.erasure.trustedReportKeys.media-service",
            "keycloak.hostname, keycloak.hostname is required"})
    void aMissingSettingFailsTheRender(String path, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set(path, "").yaml());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aKeycloakUrlIsNeededWhenTheIssuerCannotProvideIt() {
        // profile.keycloak.url defaults to the issuer without /realms/<realm>; with neither, production fails.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("oidc.issuer", "").set("profile.keycloak.url", "").yaml());
        assertTrue(e.getMessage().contains("is required"), e.getMessage());
        Manifests m = Chart.production().set("profile.keycloak.url", "https://admin.keycloak.example/").manifests();
        assertEquals("https://admin.keycloak.example",
                m.configEnv(m.deployment("profile-service")).get("KIDSAFE_KEYCLOAK_URL"));
        // consent-service's parent-accounts client (issue 19 item 5) takes its own URL the same way.
        m = Chart.production().set("consent.parentAccounts.url", "https://admin.keycloak.example/").manifests();
        assertEquals("https://admin.keycloak.example",
                m.configEnv(m.deployment("consent-service")).get("KIDSAFE_PARENT_ACCOUNTS_URL"));
    }

    @Test
    void aMissingJdbcUrlFailsWithoutCloudNativePg() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> productionWithoutOperators().set("profile.database.jdbcUrl", "").yaml());
        assertTrue(e.getMessage().contains("profile.database.jdbcUrl is required"), e.getMessage());
    }

    @Test
    void developmentModeRendersWithoutTheSecretAndLeavesItsReferenceOut() {
        Manifests m = productionWithoutOperators().set("global.mode", "development")
                .set("profile.kek.existingSecret", "").manifests();
        Deployment profile = m.deployment("profile-service");
        assertFalse(m.configEnv(profile).containsKey("KIDSAFE_KEK_FILE"));
        assertFalse(Manifests.secretsReadBy(profile.getSpec().getTemplate().getSpec()).contains("kidsafe-profile-kek"));
    }

    @Test
    void withTheOperatorsTheirGeneratedSecretsStandInForTheServicesOwn() {
        Manifests m = Chart.production()
                .set("consent.database.owner.existingSecret", "").set("consent.kafka.existingSecret", "")
                .set("media.database.existingSecret", "").set("media.kafka.existingSecret", "")
                .manifests();
        Map<String, String> consent = Manifests.secretEnv(m.deployment("consent-service"));
        assertEquals("kidsafe-consent-db/username", consent.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(Set.of("kidsafe-consent-db", "kidsafe-consent-service"), mountedSecrets(m, "consent-service",
                "database-password", "kafka-password"), "the passwords as files: its own role's, and the operator's Kafka secret");
        assertEquals(Set.of("kidsafe-consent-db-app"), mountedSecrets(m, "consent-service", "database-owner-password"),
                "consent's schema owner is the cluster's bootstrap owner, mounted for the migration only");
        Map<String, String> media = Manifests.secretEnv(m.deployment("media-service"));
        assertEquals("kidsafe-media-db-app/username", media.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(Set.of("kidsafe-media-db-app", "kidsafe-media-service"), mountedSecrets(m, "media-service",
                "database-password", "kafka-password"));
        // profile keeps its named secret, which then also seeds its database owner and Kafka password
        assertEquals(Set.of("kidsafe-profile-db"), mountedSecrets(m, "profile-service", "database-password"));

        GenericKubernetesResource consentUser = m.ofKind("KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals("kidsafe-consent-service")).findFirst().orElseThrow();
        assertFalse(authentication(consentUser).containsKey("password"), "Strimzi generates consent's password");
        GenericKubernetesResource profileUser = m.ofKind("KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals("kidsafe-profile-service")).findFirst().orElseThrow();
        assertEquals("{valueFrom={secretKeyRef={name=kidsafe-profile-kafka, key=password}}}",
                String.valueOf(authentication(profileUser).get("password")));
    }

    @Test
    void withCloudNativePgConsentServiceNeverFallsBackToTheOwnersSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("consent.database.existingSecret", "").yaml());
        assertTrue(e.getMessage().contains("consent.database.existingSecret must name the secret of the service's own role"),
                e.getMessage());
    }

    @Test
    void withoutOperatorsTheOwnersSecretIsRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> productionWithoutOperators().set("consent.database.owner.existingSecret", "").yaml());
        assertTrue(e.getMessage().contains("consent.database.owner.existingSecret must name an existing secret"), e.getMessage());
    }

    /** The secrets behind the named volumes of a service's pod. */
    private static Set<String> mountedSecrets(Manifests m, String service, String... volumes) {
        return m.deployment(service).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> List.of(volumes).contains(volume.getName()))
                .map(volume -> volume.getSecret().getSecretName()).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authentication(GenericKubernetesResource user) {
        return (Map<String, Object>) Manifests.spec(user).get("authentication");
    }
    /** A database URL of the operator's own must verify the server in production too (issue 17 item 4). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "jdbc:postgresql://db.example:5432/consent",
            "jdbc:postgresql://db.example:5432/consent?sslmode=require",
            "jdbc:postgresql://db.example:5432/consent?sslmode=verify-ca",
            "jdbc:postgresql://db.example:5432/consent?sslmode=verify-full&sslmode=disable",
            "jdbc:postgresql://db.example:5432/consent?xsslmode=verify-full"})
    void anOwnJdbcUrlWithoutServerVerificationFailsTheProductionRender(String url) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> productionWithoutOperators().set("consent.database.jdbcUrl", url).yaml());
        assertTrue(e.getMessage().contains("consent.database.jdbcUrl must verify the server"), e.getMessage());
        Manifests development = Chart.defaults().set("consent.database.jdbcUrl", url).manifests();
        assertEquals(url, development.configEnv(development.deployment("consent-service")).get("QUARKUS_DATASOURCE_JDBC_URL"),
                "development mode takes it as it is");
    }

    /** The broad default of trusted proxies is safe only behind the gateway's NetworkPolicy (issue 17 item 2). */
    @Test
    void theBroadTrustedProxyRangeNeedsTheNetworkPolicy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.defaults().set("networkPolicy.enabled", false).yaml());
        assertTrue(e.getMessage().contains("gateway.trustedProxies: 10.0.0.0/8 is safe only with networkPolicy.enabled"), e.getMessage());
        Manifests exact = Chart.defaults().set("networkPolicy.enabled", false).set("gateway.trustedProxies[0]", "10.42.3.7").manifests();
        assertEquals("10.42.3.7", exact.configEnv(exact.deployment("gateway")).get("KIDSAFE_GATEWAY_TRUSTED_PROXIES"));
    }
}
