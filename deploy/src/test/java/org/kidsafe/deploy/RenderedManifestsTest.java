package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks every rendered manifest of the default, production-like and minimal values. */
class RenderedManifestsTest {

    private static final Set<Long> ALLOWED_UIDS = Set.of(185L, 10001L);
    private static final List<String> STANDARD_LABELS = List.of(
            "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
            "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by",
            "helm.sh/chart");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void rendersTheFourServicesAndNeverASecret(Scenario scenario) {
        Manifests m = scenario.manifests();
        Set<String> deployed = new TreeSet<>();
        m.ofType(Deployment.class).forEach(d -> deployed.add(d.getMetadata().getLabels().get("app.kubernetes.io/name")));
        assertEquals(new TreeSet<>(Chart.SERVICES.values()), deployed);
        for (String kind : List.of("Service", "ServiceAccount")) {
            assertEquals(4, m.all.stream().filter(r -> r.getKind().equals(kind)).count(), kind);
        }
        // one ConfigMap per service, plus consent-service's trusted report keys (public keys) when they are given
        long configMaps = m.all.stream().filter(r -> r.getKind().equals("ConfigMap")).count();
        boolean trustedKeys = m.find("ConfigMap", "kidsafe-consent-service-trusted-report-keys").isPresent();
        assertEquals(trustedKeys ? 5 : 4, configMaps);
        assertEquals(scenario == Scenario.PRODUCTION, trustedKeys);
        assertTrue(m.all.stream().noneMatch(r -> r.getKind().equals("Secret")),
                "the chart must never create a Secret");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noManifestHasAnUnknownField(Scenario scenario) {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : scenario.manifests().all) {
            unknown.addAll(UnknownFields.in(resource).stream()
                    .map(u -> resource.getKind() + "/" + resource.getMetadata().getName() + ": " + u).toList());
        }
        assertEquals(List.of(), unknown);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyContainerIsHardened(Scenario scenario) {
        Manifests m = scenario.manifests();
        for (Deployment d : m.ofType(Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + " pod token");
            assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC()), name + " host namespaces");
            PodSecurityContext podContext = pod.getSecurityContext();
            assertNotNull(podContext, name + " pod securityContext");
            assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), name);
            assertTrue(ALLOWED_UIDS.contains(podContext.getRunAsUser()), name + " pod runAsUser");
            assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), name);

            ServiceAccount account = (ServiceAccount) m.find("ServiceAccount", pod.getServiceAccountName())
                    .orElseThrow(() -> new AssertionError(name + " runs as a missing ServiceAccount"));
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), name + " SA token");

            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
            for (Container c : containers) {
                String where = name + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertNotNull(sc, where + " securityContext");
                assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), where + " runAsNonRoot");
                assertTrue(ALLOWED_UIDS.contains(sc.getRunAsUser()), where + " runAsUser " + sc.getRunAsUser());
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
                assertNotEquals(Boolean.TRUE, sc.getPrivileged(), where + " privileged");
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where + " capabilities.drop");
                assertTrue(Optional.ofNullable(sc.getCapabilities().getAdd()).orElse(List.of()).isEmpty(),
                        where + " capabilities.add");
                assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), where + " seccompProfile");

                VolumeMount tmp = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/tmp"))
                        .findFirst().orElseThrow(() -> new AssertionError(where + " has no /tmp mount"));
                Volume tmpVolume = volume(pod, tmp.getName());
                assertNotNull(tmpVolume.getEmptyDir(), where + " /tmp must be an emptyDir");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyDeploymentHasItsProbesAndResources(Scenario scenario) {
        for (Deployment d : scenario.manifests().ofType(Deployment.class)) {
            Container c = Manifests.container(d);
            String name = d.getMetadata().getName();
            assertProbe(c, c.getStartupProbe(), "/q/health/started", name + " startup");
            assertProbe(c, c.getLivenessProbe(), "/q/health/live", name + " liveness");
            assertProbe(c, c.getReadinessProbe(), "/q/health/ready", name + " readiness");
            var resources = c.getResources();
            assertNotNull(resources, name + " resources");
            for (String r : List.of("cpu", "memory")) {
                assertNotNull(resources.getRequests().get(r), name + " requests." + r);
                assertNotNull(resources.getLimits().get(r), name + " limits." + r);
            }
            assertEquals("8080", scenario.manifests().configEnv(d).get("QUARKUS_HTTP_PORT"), name);
        }
    }

    private static void assertProbe(Container c, Probe probe, String path, String what) {
        assertNotNull(probe, what + " probe missing");
        assertNotNull(probe.getHttpGet(), what + " must be an HTTP probe");
        assertEquals(path, probe.getHttpGet().getPath(), what);
        Object port = probe.getHttpGet().getPort().getValue();
        ContainerPort target = c.getPorts().stream()
                .filter(p -> port.equals(p.getName()) || port.equals(p.getContainerPort()))
                .findFirst().orElseThrow(() -> new AssertionError(what + " probes an undeclared port " + port));
        // Health answers on the management interface only (issue 17 item 1); the public port 8080 says 404 there.
        assertEquals(9000, target.getContainerPort(), what);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyManifestCarriesTheStandardLabels(Scenario scenario) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (HasMetadata r : scenario.manifests().all) {
            checkLabels(r.getKind() + "/" + r.getMetadata().getName(), r.getMetadata().getLabels(), missing);
            if (r instanceof Deployment d) {
                checkLabels(r.getMetadata().getName() + " pod template",
                        d.getSpec().getTemplate().getMetadata().getLabels(), missing);
            }
        }
        assertEquals(Map.of(), missing);
    }

    private static void checkLabels(String what, Map<String, String> labels, Map<String, List<String>> missing) {
        Map<String, String> l = Optional.ofNullable(labels).orElse(Map.of());
        List<String> wrong = new ArrayList<>();
        for (String key : STANDARD_LABELS) {
            if (l.get(key) == null || l.get(key).isBlank()) {
                wrong.add(key);
            }
        }
        if (!Chart.RELEASE.equals(l.get("app.kubernetes.io/instance"))) {
            wrong.add("instance=" + l.get("app.kubernetes.io/instance"));
        }
        if (!"kidsafe".equals(l.get("app.kubernetes.io/part-of"))) {
            wrong.add("part-of=" + l.get("app.kubernetes.io/part-of"));
        }
        if (!"Helm".equals(l.get("app.kubernetes.io/managed-by"))) {
            wrong.add("managed-by=" + l.get("app.kubernetes.io/managed-by"));
        }
        if (!wrong.isEmpty()) {
            missing.put(what, wrong);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void servicesDisruptionBudgetsAndAutoscalersSelectOnlyTheirOwnPods(Scenario scenario) {
        Manifests m = scenario.manifests();
        List<Deployment> deployments = m.ofType(Deployment.class);
        for (Service s : m.ofType(Service.class)) {
            List<String> selected = deployments.stream()
                    .filter(d -> Selectors.matches(s.getSpec().getSelector(), podLabels(d)))
                    .map(d -> d.getMetadata().getName()).toList();
            assertEquals(List.of(s.getMetadata().getName()), selected, "Service " + s.getMetadata().getName());
            assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getValue());
        }
        for (PodDisruptionBudget pdb : m.ofType(PodDisruptionBudget.class)) {
            List<String> selected = deployments.stream()
                    .filter(d -> Selectors.matches(pdb.getSpec().getSelector(), podLabels(d)))
                    .map(d -> d.getMetadata().getName()).toList();
            assertEquals(List.of(pdb.getMetadata().getName()), selected, "PDB " + pdb.getMetadata().getName());
        }
        for (Deployment d : deployments) {
            for (var constraint : Optional.ofNullable(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                    .orElse(List.of())) {
                List<String> selected = deployments.stream()
                        .filter(x -> Selectors.matches(constraint.getLabelSelector(), podLabels(x)))
                        .map(x -> x.getMetadata().getName()).toList();
                assertEquals(List.of(d.getMetadata().getName()), selected, "topology spread of " + d.getMetadata().getName());
            }
        }
        for (HorizontalPodAutoscaler hpa : m.ofType(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            Deployment d = deployments.stream().filter(x -> x.getMetadata().getName().equals(target)).findFirst()
                    .orElseThrow(() -> new AssertionError("HPA targets a missing Deployment " + target));
            assertEquals(null, d.getSpec().getReplicas(), target + ": replicas must be left to the HPA");
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyServiceHasItsOwnNetworkPolicyBehindADefaultDeny(Scenario scenario) {
        Manifests m = scenario.manifests();
        List<Deployment> deployments = m.ofType(Deployment.class);
        List<NetworkPolicy> policies = m.ofType(NetworkPolicy.class);

        List<NetworkPolicy> denyAll = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).isEmpty()
                        && Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).isEmpty())
                .toList();
        assertEquals(1, denyAll.size(), "one default-deny policy");
        for (Deployment d : deployments) {
            assertTrue(Selectors.matches(denyAll.get(0).getSpec().getPodSelector(), podLabels(d)),
                    "default deny must select " + d.getMetadata().getName());
            List<NetworkPolicy> own = policies.stream().filter(p -> p != denyAll.get(0))
                    .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), podLabels(d))).toList();
            assertEquals(1, own.size(), d.getMetadata().getName() + " must have exactly one allow policy");
            assertTrue(own.get(0).getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
        }
        for (NetworkPolicy p : policies) {
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())) {
                assertFalse(Optional.ofNullable(rule.getFrom()).orElse(List.of()).isEmpty(),
                        p.getMetadata().getName() + ": an ingress rule without peers allows everyone");
                assertFalse(Optional.ofNullable(rule.getPorts()).orElse(List.of()).isEmpty(),
                        p.getMetadata().getName() + ": an ingress rule without ports allows every port");
            }
            for (NetworkPolicyEgressRule rule : Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of())) {
                assertFalse(Optional.ofNullable(rule.getTo()).orElse(List.of()).isEmpty(),
                        p.getMetadata().getName() + ": an egress rule without peers allows everywhere");
                assertFalse(Optional.ofNullable(rule.getPorts()).orElse(List.of()).isEmpty(),
                        p.getMetadata().getName() + ": an egress rule without ports allows every port");
                rule.getTo().forEach(peer -> {
                    if (peer.getIpBlock() == null && peer.getPodSelector() == null
                            && peer.getNamespaceSelector() == null) {
                        fail(p.getMetadata().getName() + ": empty egress peer");
                    }
                });
            }
        }
    }

    /**
     * Blast radius: a Deployment reads only secrets named in its own service's values (or generated by an operator
     * for that service), plus the brokers' public CA for Kafka clients; no secret is shared between services. With TLS
     * (issue 17 item 4) a service also reads its own cert-manager certificate's secret and, for its database, the CA
     * certificate of its own CloudNativePG cluster (the {@code ca.crt} key only).
     */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void noDeploymentReadsAnotherServicesSecret(Scenario scenario) {
        Manifests m = scenario.manifests();
        Map<String, Object> values = scenario.chartValues();
        boolean cnpg = Boolean.TRUE.equals(Values.at(values, "cnpg.enabled"));
        boolean strimzi = Boolean.TRUE.equals(Values.at(values, "strimzi.enabled"));
        String publicKafkaCa = (String) Values.at(values, "kafka.tls.caSecret");

        Map<String, Set<String>> readBy = new HashMap<>();
        Chart.SERVICES.forEach((key, service) -> {
            Set<String> own = new HashSet<>();
            Values.collectExistingSecrets(values.get(key), own);
            boolean usesKafka = values.get(key) instanceof Map<?, ?> v && v.containsKey("kafka");
            boolean usesDatabase = values.get(key) instanceof Map<?, ?> v && v.containsKey("database");
            if (cnpg && usesDatabase) {
                own.add(Chart.RELEASE + "-" + key + "-db-app");
                own.add(Chart.RELEASE + "-" + key + "-db-ca");
            }
            if (!m.ofKind("Certificate").isEmpty()) {
                own.add(Chart.RELEASE + "-" + service + "-tls");
            }
            if (strimzi && usesKafka) {
                own.add(Chart.RELEASE + "-" + service);
            }
            if (usesKafka && publicKafkaCa != null && !publicKafkaCa.isEmpty()) {
                own.add(publicKafkaCa);
            }
            Deployment d = m.deployment(service);
            TreeSet<String> read = Manifests.secretsReadBy(d.getSpec().getTemplate().getSpec());
            TreeSet<String> foreign = new TreeSet<>(read);
            foreign.removeAll(own);
            assertEquals(Set.of(), foreign, service + " reads secrets that are not its own");
            read.forEach(s -> readBy.computeIfAbsent(s, x -> new TreeSet<>()).add(service));
            assertTrue(Manifests.container(d).getEnvFrom().stream().allMatch(e -> e.getSecretRef() == null),
                    service + ": whole secrets must not be loaded with envFrom");
        });
        readBy.forEach((secret, services) -> {
            if (!secret.equals(publicKafkaCa)) {
                assertEquals(1, services.size(), secret + " is shared by " + services);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theGatewayReadsNoSecretButItsKeycloakClientsAndItsOwnDatabases(Scenario scenario) {
        Deployment gateway = scenario.manifests().deployment("gateway");
        Set<String> read = Manifests.secretsReadBy(gateway.getSpec().getTemplate().getSpec());
        // Its own certificate's secret, for the CA of the services' certificates (issue 17 item 4), its database's (the
        // rate limits its replicas share, issue 21 item 1; with CloudNativePG also that cluster's CA), nothing else.
        assertTrue(read.stream().allMatch(secret -> secret.startsWith("kidsafe-gateway-") || secret.equals("gateway-db")),
                "the gateway reads " + read);
        Map<String, String> env = scenario.manifests().configEnv(gateway);
        assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("KAFKA_")), "gateway has Kafka settings: " + env.keySet());
    }

    private static Map<String, String> podLabels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
