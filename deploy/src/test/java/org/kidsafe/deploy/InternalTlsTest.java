package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hop the chart configures is TLS with the server verified, by default (issue 17 item 4): PostgreSQL with
 * {@code sslmode=verify-full} against the CloudNativePG cluster's CA, Kafka over SASL_SSL trusting the Strimzi cluster CA,
 * and the gateway to the services over HTTPS with cert-manager certificates it verifies against the issuer's CA.
 */
class InternalTlsTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();
    private static final List<String> SERVICES = List.of("consent-service", "profile-service", "media-service");

    @Test
    void everyServiceVerifiesItsPostgresClusterWithTheClustersOwnCa() {
        for (String service : SERVICES) {
            String db = service.substring(0, service.indexOf('-'));
            Deployment deployment = M.deployment(service);
            String jdbc = M.configEnv(deployment).get("QUARKUS_DATASOURCE_JDBC_URL");
            assertTrue(jdbc.contains("?sslmode=verify-full&sslrootcert=/etc/kidsafe/postgres-ca/ca.crt"), jdbc);
            Volume ca = volume(deployment, "postgres-ca");
            assertEquals("kidsafe-" + db + "-db-ca", ca.getSecret().getSecretName());
            assertEquals("[ca.crt]", ca.getSecret().getItems().stream().map(i -> i.getKey()).toList().toString(),
                    "only the certificate: the same secret holds the CA's private key");
            assertEquals("/etc/kidsafe/postgres-ca", mountPath(Manifests.container(deployment), "postgres-ca"));
        }
        Deployment consent = M.deployment("consent-service");
        Container migrate = consent.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals("migrate")).findFirst().orElseThrow();
        assertEquals("/etc/kidsafe/postgres-ca", mountPath(migrate, "postgres-ca"), "the owner's migration verifies the server too");
    }

    @Test
    void kafkaClientsUseSaslOverTlsAndTrustTheStrimziClusterCaByDefault() {
        Map<String, String> env = M.configEnv(M.deployment("profile-service"));
        assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("PEM", env.get("KAFKA_SSL_TRUSTSTORE_TYPE"));
        assertEquals("/etc/kidsafe/kafka-ca/ca.crt", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));

        Manifests strimziDefault = Chart.production().set("kafka.tls.caSecret", "").manifests();
        assertEquals("kafka-cluster-ca-cert", volume(strimziDefault.deployment("media-service"), "kafka-ca").getSecret().getSecretName(),
                "without a value, the Strimzi cluster CA's public certificate");

        IllegalStateException plaintext = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("kafka.securityProtocol", "SASL_PLAINTEXT").yaml());
        assertTrue(plaintext.getMessage().contains("kafka.securityProtocol must be SASL_SSL"), plaintext.getMessage());
    }

    @Test
    void theGatewayCallsEveryServiceOverHttpsAndTrustsTheIssuersCa() {
        Deployment gateway = M.deployment("gateway");
        Map<String, String> env = M.configEnv(gateway);
        for (String key : List.of("CONSENT", "PROFILE", "MEDIA")) {
            String service = key.toLowerCase() + "-service";
            assertEquals("https://kidsafe-" + service + ".kidsafe.svc.cluster.local:8080", env.get("KIDSAFE_GATEWAY_" + key + "_URL"));
        }
        assertEquals("/etc/kidsafe/services-ca/ca.crt", env.get("KIDSAFE_GATEWAY_SERVICES_TRUSTED_CERTIFICATES"));
        Volume ca = volume(gateway, "services-ca");
        assertEquals("kidsafe-gateway-tls", ca.getSecret().getSecretName(), "its own certificate's secret, no other service's");
        assertEquals("[ca.crt]", ca.getSecret().getItems().stream().map(i -> i.getKey()).toList().toString());
        assertEquals("/etc/kidsafe/services-ca", mountPath(Manifests.container(gateway), "services-ca"));
    }

    @Test
    void eachServiceServesHttpsOnlyWithACertManagerCertificateForItsInClusterName() {
        Map<String, GenericKubernetesResource> certificates = M.ofKind("Certificate").stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
        assertEquals(Set.of("kidsafe-consent-service", "kidsafe-profile-service", "kidsafe-media-service", "kidsafe-gateway"),
                certificates.keySet(), "one per service, the gateway's for the issuer's CA");
        for (String service : SERVICES) {
            Map<String, Object> spec = Manifests.spec(certificates.get("kidsafe-" + service));
            assertEquals("kidsafe-" + service + "-tls", spec.get("secretName"));
            assertEquals("{name=kidsafe-internal-ca, kind=Issuer, group=cert-manager.io}", String.valueOf(spec.get("issuerRef")));
            assertTrue(String.valueOf(spec.get("dnsNames")).contains("kidsafe-" + service + ".kidsafe.svc.cluster.local"), spec.toString());

            Deployment deployment = M.deployment(service);
            Map<String, String> env = M.configEnv(deployment);
            assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"));
            assertEquals("8080", env.get("QUARKUS_HTTP_SSL_PORT"), "HTTPS where plain HTTP was: Service and policies unchanged");
            assertEquals("/etc/kidsafe/tls/tls.crt", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_FILES"));
            assertEquals("/etc/kidsafe/tls/tls.key", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"));
            assertEquals("kidsafe-" + service + "-tls", volume(deployment, "tls").getSecret().getSecretName());
            HTTPGetAction readiness = Manifests.container(deployment).getReadinessProbe().getHttpGet();
            assertEquals("management", readiness.getPort().getStrVal(), "probes stay on the plaintext management port");
            assertNull(readiness.getScheme());
        }
    }

    /** The ingress → gateway hop is HTTPS too, verified by ingress-nginx against the CA and the gateway's name. */
    @Test
    void theGatewayServesHttpsOnlyAndTheIngressVerifiesIt() {
        Deployment gateway = M.deployment("gateway");
        Map<String, String> env = M.configEnv(gateway);
        assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"));
        assertEquals("8080", env.get("QUARKUS_HTTP_SSL_PORT"));
        assertEquals("/etc/kidsafe/tls/tls.crt", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_FILES"));
        assertEquals("/etc/kidsafe/tls/tls.key", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"));
        assertEquals("kidsafe-gateway-tls", volume(gateway, "tls").getSecret().getSecretName());
        assertEquals("/etc/kidsafe/tls", mountPath(Manifests.container(gateway), "tls"));
        assertEquals("management", Manifests.container(gateway).getLivenessProbe().getHttpGet().getPort().getStrVal(),
                "probes stay on the plaintext management port");

        Ingress ingress = M.ofType(Ingress.class).get(0);
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        String host = "kidsafe-gateway.kidsafe.svc.cluster.local";
        assertEquals("HTTPS", annotations.get("nginx.ingress.kubernetes.io/backend-protocol"));
        assertEquals("on", annotations.get("nginx.ingress.kubernetes.io/proxy-ssl-verify"));
        assertEquals("kidsafe/kidsafe-gateway-tls", annotations.get("nginx.ingress.kubernetes.io/proxy-ssl-secret"));
        assertEquals(host, annotations.get("nginx.ingress.kubernetes.io/proxy-ssl-name"));
        assertEquals("on", annotations.get("nginx.ingress.kubernetes.io/proxy-ssl-server-name"));
        assertEquals("20m", annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"), "the values' own annotations stay");
        Map<String, Object> certificate = Manifests.spec(M.ofKind("Certificate").stream()
                .filter(c -> c.getMetadata().getName().equals("kidsafe-gateway")).findFirst().orElseThrow());
        assertTrue(((List<?>) certificate.get("dnsNames")).contains(host), "the name the ingress verifies: " + certificate);

        Manifests plain = Chart.production().set("tls.enabled", false).manifests();
        assertFalse(plain.ofType(Ingress.class).get(0).getMetadata().getAnnotations()
                .containsKey("nginx.ingress.kubernetes.io/backend-protocol"), "tls.enabled=false: plain HTTP to the gateway");
        assertFalse(plain.configEnv(plain.deployment("gateway")).containsKey("QUARKUS_HTTP_INSECURE_REQUESTS"));
    }

    @Test
    void theIngressCannotBeToldToSkipTheGatewaysVerificationNorReuseItsSecret() {
        IllegalStateException http = assertThrows(IllegalStateException.class, () -> Chart.production()
                .set("gateway.ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-ssl-verify", "off").yaml());
        assertTrue(http.getMessage().contains("proxy-ssl-verify"), http.getMessage());
        IllegalStateException clash = assertThrows(IllegalStateException.class, () -> Chart.production()
                .set("gateway.ingress.tls[0].secretName", "kidsafe-gateway-tls").yaml());
        assertTrue(clash.getMessage().contains("the gateway's internal certificate"), clash.getMessage());
    }

    /**
     * TLS by default (issue 17 item 4): with no values at all the gateway calls the services over verified HTTPS, their
     * certificates signed by the chart's own CA: a self-signed Issuer signs a CA Certificate, a CA Issuer reads it.
     */
    @Test
    void theDefaultRenderMakesItsOwnCaAndCallsEveryServiceOverHttps() {
        Manifests defaults = Scenario.DEFAULT.manifests();
        Map<String, String> gateway = defaults.configEnv(defaults.deployment("gateway"));
        for (String key : List.of("CONSENT", "PROFILE", "MEDIA")) {
            assertTrue(gateway.get("KIDSAFE_GATEWAY_" + key + "_URL").startsWith("https://"), gateway.toString());
        }
        assertEquals("/etc/kidsafe/services-ca/ca.crt", gateway.get("KIDSAFE_GATEWAY_SERVICES_TRUSTED_CERTIFICATES"));

        Map<String, Object> selfSigned = Manifests.spec(issuer(defaults, "kidsafe-internal-ca-selfsigned"));
        assertEquals("{}", String.valueOf(selfSigned.get("selfSigned")));
        GenericKubernetesResource ca = defaults.ofKind("Certificate").stream()
                .filter(c -> c.getMetadata().getName().equals("kidsafe-internal-ca")).findFirst().orElseThrow();
        Map<String, Object> caSpec = Manifests.spec(ca);
        assertEquals(true, caSpec.get("isCA"));
        assertEquals("kidsafe-internal-ca", caSpec.get("secretName"));
        assertEquals("{name=kidsafe-internal-ca-selfsigned, kind=Issuer, group=cert-manager.io}", String.valueOf(caSpec.get("issuerRef")));
        assertEquals("{secretName=kidsafe-internal-ca}", String.valueOf(Manifests.spec(issuer(defaults, "kidsafe-internal-ca")).get("ca")));

        for (String service : List.of("consent-service", "profile-service", "media-service", "gateway")) {
            Map<String, Object> spec = Manifests.spec(defaults.ofKind("Certificate").stream()
                    .filter(c -> c.getMetadata().getName().equals("kidsafe-" + service)).findFirst().orElseThrow());
            assertEquals("{name=kidsafe-internal-ca, kind=Issuer, group=cert-manager.io}", String.valueOf(spec.get("issuerRef")), service);
        }
        for (Deployment deployment : defaults.ofType(Deployment.class)) {
            assertFalse(Manifests.secretsReadBy(deployment.getSpec().getTemplate().getSpec()).contains("kidsafe-internal-ca"),
                    "the CA's private key is mounted nowhere");
        }
    }

    @Test
    void aNamedIssuerReplacesTheChartsOwnCa() {
        assertTrue(M.ofKind("Issuer").isEmpty(), "production names its issuer: no bootstrap chain");
        assertEquals(4, M.ofKind("Certificate").size());
    }

    @Test
    void productionWithoutAnIssuerUsesTheChartsOwnCaAndOnlyAnExplicitOptOutIsPlaintext() {
        Manifests ownCa = Chart.production().set("tls.issuerRef.name", "").manifests();
        assertEquals(2, ownCa.ofKind("Issuer").size());
        assertTrue(ownCa.configEnv(ownCa.deployment("gateway")).get("KIDSAFE_GATEWAY_CONSENT_URL").startsWith("https://"));
        Manifests optedOut = Chart.production().set("tls.issuerRef.name", "").set("tls.enabled", false).manifests();
        assertTrue(optedOut.ofKind("Certificate").isEmpty());
        assertTrue(optedOut.ofKind("Issuer").isEmpty());
        assertTrue(optedOut.configEnv(optedOut.deployment("gateway")).get("KIDSAFE_GATEWAY_CONSENT_URL").startsWith("http://"));
    }

    private static GenericKubernetesResource issuer(Manifests m, String name) {
        return m.ofKind("Issuer").stream().filter(i -> i.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Issuer " + name));
    }

    private static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no volume " + name));
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).map(VolumeMount::getMountPath)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
    }
}
