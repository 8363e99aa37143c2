package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each service's NetworkPolicy allows, read from the production-like render. */
class NetworkPolicyTest {

    private static final Manifests PRODUCTION = Scenario.PRODUCTION.manifests();

    /** One allowed flow: "peer@port/protocol", the peer written as ip:CIDR, ns:{labels} and/or pod:{labels}. */
    private static Set<String> egress(String service) {
        NetworkPolicy p = policyOf(service);
        Set<String> flows = new TreeSet<>();
        p.getSpec().getEgress().forEach(rule -> rule.getTo().forEach(peer -> rule.getPorts().forEach(port ->
                flows.add(describe(peer) + "@" + port(port)))));
        return flows;
    }

    private static Set<String> ingress(String service) {
        NetworkPolicy p = policyOf(service);
        Set<String> flows = new TreeSet<>();
        Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).forEach(rule -> rule.getFrom()
                .forEach(peer -> rule.getPorts().forEach(port -> flows.add(describe(peer) + "@" + port(port)))));
        return flows;
    }

    private static NetworkPolicy policyOf(String service) {
        Deployment d = PRODUCTION.deployment(service);
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> own = PRODUCTION.ofType(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty()
                        || p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty())
                .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), labels)).toList();
        assertEquals(1, own.size(), service);
        return own.get(0);
    }

    private static String describe(NetworkPolicyPeer peer) {
        List<String> parts = new ArrayList<>();
        if (peer.getIpBlock() != null) {
            parts.add("ip:" + peer.getIpBlock().getCidr());
        }
        if (peer.getNamespaceSelector() != null) {
            parts.add("ns:" + new java.util.TreeMap<>(peer.getNamespaceSelector().getMatchLabels()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pod:" + new java.util.TreeMap<>(peer.getPodSelector().getMatchLabels()));
        }
        return String.join("+", parts);
    }

    private static String port(NetworkPolicyPort port) {
        return port.getPort().getValue() + "/" + port.getProtocol();
    }

    private static String pods(String service) {
        return "pod:{app.kubernetes.io/instance=" + Chart.RELEASE + ", app.kubernetes.io/name=" + service + "}";
    }

    private static final String DNS_NS = "ns:{kubernetes.io/metadata.name=kube-system}+pod:{k8s-app=kube-dns}";
    private static final String KEYCLOAK = "ip:192.0.2.10/32@443/TCP";
    private static final String KAFKA_PEER =
            "ns:{kubernetes.io/metadata.name=kidsafe}+pod:{strimzi.io/cluster=kafka, strimzi.io/kind=Kafka}";

    @Test
    void onlyTheGatewayIsReachableFromTheIngressController() {
        String controller = "ns:{kubernetes.io/metadata.name=ingress-nginx}+pod:{app.kubernetes.io/name=ingress-nginx}";
        String monitoring = "ns:{kubernetes.io/metadata.name=monitoring}+pod:{app.kubernetes.io/name=prometheus}";
        assertEquals(Set.of(controller + "@8080/TCP", monitoring + "@9000/TCP"), ingress("gateway"));
        for (String backend : List.of("consent-service", "profile-service", "media-service")) {
            assertEquals(Set.of(pods("gateway") + "@8080/TCP", monitoring + "@9000/TCP"), ingress(backend),
                    backend + " must accept the gateway (and the metrics scraper on the management port) only");
        }
    }

    /**
     * Issue 17 item 1: the management port (9000: health, metrics) is open to the monitoring namespace's scraper alone,
     * never to the ingress controller or the gateway, and the scraper reaches no public port.
     */
    @Test
    void theManagementPortIsOpenToTheMonitoringNamespaceOnly() {
        String monitoring = "ns:{kubernetes.io/metadata.name=monitoring}+pod:{app.kubernetes.io/name=prometheus}";
        for (String service : Chart.SERVICES.values()) {
            Set<String> management = ingress(service).stream().filter(flow -> flow.endsWith("@9000/TCP"))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(monitoring + "@9000/TCP"), management, service);
            assertTrue(ingress(service).stream().filter(flow -> flow.startsWith(monitoring))
                    .allMatch(flow -> flow.endsWith("@9000/TCP")), service + ": the scraper reaches a public port");
        }
        // Without a monitoring namespace in the values, nobody may reach the management port (the probes need no rule).
        for (NetworkPolicy p : Scenario.DEFAULT.manifests().ofType(NetworkPolicy.class)) {
            Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).forEach(rule ->
                    Optional.ofNullable(rule.getPorts()).orElse(List.of()).forEach(port -> assertFalse(
                            port.getPort().getIntVal() != null && port.getPort().getIntVal() == 9000,
                            p.getMetadata().getName() + " opens the management port without a monitoring namespace")));
        }
    }

    @Test
    void theGatewayTalksOnlyToDnsKeycloakItsOwnDatabaseAndTheThreeServices() {
        // Its own database holds only the rate limits its replicas share (issue 21 item 1).
        assertEquals(Set.of(
                DNS_NS + "@53/UDP", DNS_NS + "@53/TCP", KEYCLOAK,
                "pod:{cnpg.io/poolerName=kidsafe-gateway-db-pooler}@5432/TCP",
                pods("consent-service") + "@8080/TCP",
                pods("profile-service") + "@8080/TCP",
                pods("media-service") + "@8080/TCP"), egress("gateway"));
    }

    @Test
    void eachBackendReachesItsOwnDatabaseKafkaKeycloakAndDnsOnly() {
        assertEquals(Set.of(
                DNS_NS + "@53/UDP", DNS_NS + "@53/TCP", KEYCLOAK,
                "pod:{cnpg.io/poolerName=kidsafe-consent-db-pooler}@5432/TCP",
                KAFKA_PEER + "@9092/TCP", KAFKA_PEER + "@9093/TCP",
                "ip:203.0.113.25/32@587/TCP"), egress("consent-service"), "consent-service (with SMTP)");
        assertEquals(Set.of(
                DNS_NS + "@53/UDP", DNS_NS + "@53/TCP", KEYCLOAK,
                "pod:{cnpg.io/poolerName=kidsafe-profile-db-pooler}@5432/TCP",
                KAFKA_PEER + "@9092/TCP", KAFKA_PEER + "@9093/TCP"), egress("profile-service"));
        assertEquals(Set.of(
                DNS_NS + "@53/UDP", DNS_NS + "@53/TCP", KEYCLOAK,
                "pod:{cnpg.io/poolerName=kidsafe-media-db-pooler}@5432/TCP",
                KAFKA_PEER + "@9092/TCP", KAFKA_PEER + "@9093/TCP"), egress("media-service"),
                "media-service (filesystem store only: no object-store egress)");
    }

    /**
     * profile-service (KIDSAFE_KEYCLOAK_URL) and consent-service (KIDSAFE_PARENT_ACCOUNTS_URL, issue 19 item 5) call
     * Keycloak's Admin REST API: their policies must open that port.
     */
    @ParameterizedTest
    @CsvSource({"profile-service, KIDSAFE_KEYCLOAK_URL", "consent-service, KIDSAFE_PARENT_ACCOUNTS_URL"})
    void theServicesThatCallTheKeycloakAdminApiReachIt(String service, String variable) {
        String value = PRODUCTION.configEnv(PRODUCTION.deployment(service)).get(variable);
        assertNotNull(value, service + " has no " + variable);
        java.net.URI url = java.net.URI.create(value);
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        assertTrue(egress(service).contains("ip:192.0.2.10/32@" + port + "/TCP"), url.toString());
    }

    @ParameterizedTest
    @CsvSource({"profile.keycloak.url, profile-service", "consent.parentAccounts.url, consent-service"})
    void aKeycloakUrlOnAPortThePolicyDoesNotOpenFailsTheRender(String path, String service) {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Chart.production().set(path, "https://keycloak.example:8443").yaml());
        assertTrue(e.getMessage().contains(path + ": https://keycloak.example:8443 uses port 8443, which "
                + "networkPolicy.keycloak.ports (443) does not open; " + service), e.getMessage());
    }

    @Test
    void aConfiguredDatabaseCidrIsUsedForThatServiceOnly() {
        Manifests m = Chart.production()
                .set("profile.database.networkPolicy.cidrs[0]", "10.20.30.0/24")
                .manifests();
        Map<String, Set<String>> cidrsByService = m.ofType(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty())
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getSpec().getEgress().stream()
                        .flatMap(r -> r.getTo().stream()).filter(peer -> peer.getIpBlock() != null)
                        .map(peer -> peer.getIpBlock().getCidr()).collect(Collectors.toSet())));
        assertTrue(cidrsByService.get("kidsafe-profile-service").contains("10.20.30.0/24"));
        cidrsByService.forEach((policy, cidrs) -> {
            if (!policy.equals("kidsafe-profile-service")) {
                assertFalse(cidrs.contains("10.20.30.0/24"), policy + " may not reach profile's database");
            }
        });
    }

    @Test
    void withoutAConfiguredPeerAFlowIsDeniedNotOpened() {
        // The default values name no database, Kafka or Keycloak peer: those flows must be absent, not "anywhere".
        Manifests m = Scenario.DEFAULT.manifests();
        for (NetworkPolicy p : m.ofType(NetworkPolicy.class)) {
            Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).forEach(rule -> rule.getPorts()
                    .forEach(port -> assertTrue(Set.of(53, 8080).contains(port.getPort().getIntVal()),
                            p.getMetadata().getName() + " opens port " + port.getPort().getValue())));
        }
    }
}
