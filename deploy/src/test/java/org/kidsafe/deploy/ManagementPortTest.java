package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 item 1: every pod serves health and metrics on a management port of its own (9000), which its Service names
 * apart from the public one, the Ingress never routes, and Prometheus alone scrapes (NetworkPolicyTest: from the
 * monitoring namespace only).
 */
class ManagementPortTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyPodAndServiceHasTheManagementPortBesideThePublicOne(Scenario scenario) {
        Manifests m = scenario.manifests();
        for (Deployment d : m.ofType(Deployment.class)) {
            Container c = Manifests.container(d);
            Map<String, Integer> ports = c.getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            assertEquals(Map.of("http", 8080, "management", 9000), ports, d.getMetadata().getName());
            assertEquals("9000", m.configEnv(d).get("QUARKUS_MANAGEMENT_PORT"), d.getMetadata().getName());
        }
        for (Service s : m.ofType(Service.class)) {
            if (!Chart.SERVICES.containsValue(s.getMetadata().getLabels().get("app.kubernetes.io/name"))) {
                continue;
            }
            Map<String, String> targets = s.getSpec().getPorts().stream()
                    .collect(Collectors.toMap(ServicePort::getName, p -> p.getTargetPort().getStrVal()));
            assertEquals(Map.of("http", "http", "management", "management"), targets, s.getMetadata().getName());
            ServicePort management = s.getSpec().getPorts().stream().filter(p -> p.getName().equals("management"))
                    .findFirst().orElseThrow();
            assertEquals(9000, management.getPort(), s.getMetadata().getName());
        }
    }

    @Test
    void theIngressRoutesThePublicPortOnly() {
        List<Ingress> ingresses = Scenario.PRODUCTION.manifests().ofType(Ingress.class);
        assertEquals(1, ingresses.size());
        Set<String> backends = ingresses.get(0).getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> path.getBackend().getService().getPort())
                .map(port -> Optional.ofNullable(port.getName()).orElse(String.valueOf(port.getNumber())))
                .collect(Collectors.toSet());
        assertEquals(Set.of("http"), backends);
    }

    @Test
    void aServiceMonitorScrapesEachServiceOnItsManagementPortWhenAsked() {
        assertEquals(List.of(), Scenario.PRODUCTION.manifests().ofKind("ServiceMonitor"), "off by default");
        Manifests m = Chart.production().set("monitoring.serviceMonitor.enabled", "true")
                .set("monitoring.serviceMonitor.labels.release", "prometheus").manifests();
        List<GenericKubernetesResource> monitors = m.ofKind("ServiceMonitor");
        assertEquals(4, monitors.size());
        for (GenericKubernetesResource monitor : monitors) {
            String name = monitor.getMetadata().getName();
            assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"), name);
            Map<?, ?> spec = (Map<?, ?>) monitor.getAdditionalProperties().get("spec");
            assertEquals(List.of(Map.of("port", "management", "path", "/q/metrics", "interval", "30s")),
                    spec.get("endpoints"), name);
            Map<?, ?> selected = (Map<?, ?>) ((Map<?, ?>) spec.get("selector")).get("matchLabels");
            Service service = (Service) m.find("Service", name).orElseThrow();
            assertTrue(service.getMetadata().getLabels().entrySet().containsAll(selected.entrySet()),
                    name + " does not select its own Service");
        }
    }
}
