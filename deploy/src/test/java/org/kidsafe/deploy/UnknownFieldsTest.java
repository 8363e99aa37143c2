package org.kidsafe.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The unknown-field walker used on every rendered manifest does catch misspellings. */
class UnknownFieldsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              labelz:
                a: b
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
                      readinesProbe:
                        httpGet:
                          path: /q/health/ready
                          port: 8080
                      securityContext:
                        runAsNonRot: true
            """;

    @Test
    void misspelledFieldsAreFoundWhereverTheyAre() {
        List<String> found = UnknownFields.in(Manifests.parse(DEPLOYMENT).all.get(0));
        assertEquals(List.of(
                "Deployment.metadata has unknown fields [labelz]",
                "Deployment.spec.template.spec.containers[0] has unknown fields [readinesProbe]",
                "Deployment.spec.template.spec.containers[0].securityContext has unknown fields [runAsNonRot]"),
                found.stream().sorted().toList());
    }

    @Test
    void aCorrectManifestHasNone() {
        String correct = DEPLOYMENT.replace("labelz", "labels").replace("readinesProbe", "readinessProbe")
                .replace("runAsNonRot", "runAsNonRoot");
        assertEquals(List.of(), UnknownFields.in(Manifests.parse(correct).all.get(0)));
    }

    @Test
    void aCustomResourceIsCheckedOnItsMetadata() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: t
                  annotation:
                    x: y
                spec:
                  partitions: 1
                """;
        assertEquals(List.of("GenericKubernetesResource.metadata has unknown fields [annotation]"),
                UnknownFields.in(Manifests.parse(topic).all.get(0)));
    }
}
