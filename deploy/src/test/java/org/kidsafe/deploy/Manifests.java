package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Rendered manifests, each YAML document unmarshalled by fabric8 into its typed model class. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    final List<HasMetadata> all;

    private Manifests(List<HasMetadata> all) {
        this.all = all;
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String document : documents(yaml)) {
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata resource)) {
                throw new AssertionError("Not a Kubernetes object: " + document);
            }
            out.add(resource);
        }
        return new Manifests(out);
    }

    /** The non-empty YAML documents of a render, as Helm wrote them. */
    static List<String> documents(String yaml) {
        return DOCUMENT_SEPARATOR.splitAsStream(yaml)
                .filter(document -> !document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#")))
                .toList();
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> ofKind(String kind) {
        return all.stream().filter(r -> r.getKind().equals(kind))
                .map(r -> {
                    if (!(r instanceof GenericKubernetesResource g)) {
                        throw new AssertionError(kind + " should be a custom resource, got " + r.getClass());
                    }
                    return g;
                }).toList();
    }

    Optional<HasMetadata> find(String kind, String name) {
        return all.stream().filter(r -> r.getKind().equals(kind) && r.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** The Deployment of a service, by its app.kubernetes.io/name label. */
    Deployment deployment(String serviceName) {
        List<Deployment> matches = ofType(Deployment.class).stream()
                .filter(d -> serviceName.equals(d.getMetadata().getLabels().get("app.kubernetes.io/name")))
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError("Expected one Deployment of " + serviceName + ", found " + matches.size());
        }
        return matches.get(0);
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + " should have one container");
        }
        return containers.get(0);
    }

    /** The non-secret environment of a Deployment: the data of the ConfigMaps its container loads with envFrom. */
    Map<String, String> configEnv(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container(deployment).getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                ConfigMap map = ofType(ConfigMap.class).stream()
                        .filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + name));
                env.putAll(map.getData());
            }
        }
        return env;
    }

    /** Env entries of the container read from secrets: env name -> "secret/key". */
    static Map<String, String> secretEnv(Deployment deployment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (EnvVar var : Optional.ofNullable(container(deployment).getEnv()).orElse(List.of())) {
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                out.put(var.getName(), var.getValueFrom().getSecretKeyRef().getName() + "/"
                        + var.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        return out;
    }

    /**
     * Every secret a pod can read: env valueFrom secretKeyRef, envFrom secretRef, secret volumes and projected
     * secret sources, in every container and init container. Image pull secrets are kubelet credentials, listed apart.
     */
    static TreeSet<String> secretsReadBy(PodSpec pod) {
        TreeSet<String> names = new TreeSet<>();
        Stream.concat(pod.getContainers().stream(),
                        Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream())
                .forEach(c -> {
                    for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                        if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                            names.add(var.getValueFrom().getSecretKeyRef().getName());
                        }
                    }
                    for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                        if (from.getSecretRef() != null) {
                            names.add(from.getSecretRef().getName());
                        }
                    }
                });
        for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            if (volume.getSecret() != null) {
                names.add(volume.getSecret().getSecretName());
            }
            if (volume.getProjected() != null) {
                for (VolumeProjection source : volume.getProjected().getSources()) {
                    if (source.getSecret() != null) {
                        names.add(source.getSecret().getName());
                    }
                }
            }
        }
        return names;
    }

    /** The checksum/config annotation of each service's pod template, by service name. */
    Map<String, String> configChecksums() {
        return ofType(Deployment.class).stream().collect(Collectors.toMap(
                d -> d.getMetadata().getLabels().get("app.kubernetes.io/name"),
                d -> d.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
