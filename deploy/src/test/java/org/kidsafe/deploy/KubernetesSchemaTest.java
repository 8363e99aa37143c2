package org.kidsafe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 7: every built-in object the chart renders is valid for the Kubernetes API of the chart's floor (1.28)
 * and of a recent release (1.32), checked with the API's own schemas ({@link KubernetesSchemas}), not only parsed.
 */
class KubernetesSchemaTest {

    /** Every scenario, plus the optional objects the three leave off (Ingress, ServiceMonitor, PVC, CronJob ...). */
    private static final List<Chart.Render> RENDERS = List.of(Chart.defaults(), Chart.production(), Chart.minimal(),
            Chart.production().set("monitoring.serviceMonitor.enabled", true).set("media.store.type", "s3")
                    .set("media.store.s3.bucket", "kidsafe-media").set("media.store.s3.networkPolicy.cidrs[0]", "198.51.100.0/24"));

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyBuiltInObjectIsValidForEachRelease(Scenario scenario) {
        assertValid(scenario == Scenario.PRODUCTION ? RENDERS.get(1) : scenario == Scenario.MINIMAL ? RENDERS.get(2) : RENDERS.get(0));
    }

    @Test
    void theOptionalObjectsAreValidToo() {
        assertValid(RENDERS.get(3));
    }

    @SuppressWarnings("unchecked")
    private static void assertValid(Chart.Render render) {
        List<String> problems = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();
        for (String document : Manifests.documents(render.yaml())) {
            Map<String, Object> object = Manifests.SERIALIZATION.unmarshal(document, Map.class);
            String apiVersion = String.valueOf(object.get("apiVersion"));
            if (!KubernetesSchemas.isBuiltIn(apiVersion)) {
                continue;
            }
            kinds.add(apiVersion + " " + object.get("kind"));
            String name = String.valueOf(((Map<String, Object>) object.get("metadata")).get("name"));
            KubernetesSchemas.RELEASES.keySet().forEach(release -> KubernetesSchemas.problem(release, object)
                    .ifPresent(p -> problems.add("Kubernetes " + release + ", " + object.get("kind") + "/" + name + ": " + p)));
        }
        assertTrue(kinds.containsAll(Set.of("apps/v1 Deployment", "v1 Service", "v1 ConfigMap", "v1 ServiceAccount",
                "networking.k8s.io/v1 NetworkPolicy")), kinds.toString());
        assertEquals(List.of(), problems);
    }

    /** The check fails on a wrong field, a missing required field and a wrong type: one fixture each. */
    @Test
    @SuppressWarnings("unchecked")
    void aWrongManifestIsRefusedByEachRelease() {
        String valid = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: demo
                spec:
                  selector:
                    matchLabels:
                      app: demo
                  template:
                    metadata:
                      labels:
                        app: demo
                    spec:
                      containers:
                        - name: demo
                          image: demo:1
                          securityContext:
                            runAsNonRoot: true
                """;
        Map<String, String> wrong = Map.of(
                "runAsNonRot", valid.replace("runAsNonRoot", "runAsNonRot"),
                "`selector` is not found", valid.replace("  selector:\n    matchLabels:\n      app: demo\n", ""),
                "`containers` to be an array", valid.replace("      containers:\n        - name: demo\n          image: demo:1\n          securityContext:\n            runAsNonRoot: true\n",
                        "      containers: demo\n"));
        for (String release : KubernetesSchemas.RELEASES.keySet()) {
            assertEquals(Optional.empty(), KubernetesSchemas.problem(release, Manifests.SERIALIZATION.unmarshal(valid, Map.class)));
            wrong.forEach((expected, manifest) -> {
                Optional<String> problem = KubernetesSchemas.problem(release, Manifests.SERIALIZATION.unmarshal(manifest, Map.class));
                assertTrue(problem.isPresent() && problem.get().contains(expected), release + " " + expected + ": " + problem);
            });
        }
        assertEquals(Set.of("1.28", "1.32"), KubernetesSchemas.RELEASES.keySet());
    }
}
