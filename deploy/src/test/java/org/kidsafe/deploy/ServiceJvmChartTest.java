package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.jvm.ServiceJvm;
import org.kidsafe.embedded.jvm.StartupArchive;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One JVM configuration, production's (issue 22 item 1): the chart's pods run with exactly the options and limits of
 * embedded-platform's {@link ServiceJvm}, with which the launcher, the end-to-end tests and the benchmarks start the
 * services. A change of one without the other fails here.
 */
class ServiceJvmChartTest {

    private static final ServiceJvm JVM = ServiceJvm.production();
    private static final String AOT_CACHE = "-XX:AOTCache=/deployments/app.aot";

    @Test
    void everyPodRunsWithServiceJvmsOptionsThenTheImagesAotCache() {
        Manifests defaults = Chart.defaults().manifests();
        List<String> expected = new ArrayList<>(JVM.podOptions());
        expected.add(AOT_CACHE);
        for (String service : Chart.SERVICES.values()) {
            Deployment deployment = defaults.deployment(service);
            Map<String, String> config = defaults.configEnv(deployment);
            List<String> options = List.of(config.get("JAVA_OPTS_APPEND").split(" "));
            assertEquals(expected, options.subList(0, expected.size()), service + ": " + options);
            assertTrue(options.stream().noneMatch(option -> option.contains("TieredStopAtLevel")), "full JIT: " + options);
            JVM.environment().forEach((name, value) -> assertEquals(value, config.get(name), service + " " + name));
        }
    }

    @Test
    void thePodsLimitsAreTheOnesTheHeapRuleIsAppliedTo() {
        Manifests defaults = Chart.defaults().manifests();
        for (String service : Chart.SERVICES.values()) {
            Map<String, Quantity> limits = Manifests.container(defaults.deployment(service)).getResources().getLimits();
            assertEquals(JVM.memoryLimitMib() * 1024L * 1024L, Quantity.getAmountInBytes(limits.get("memory")).longValueExact(), service);
            assertEquals(JVM.cpuLimit(), Quantity.getAmountInBytes(limits.get("cpu")).intValueExact(), service);
        }
    }

    @Test
    void theProcessorCountFollowsTheCpuLimitRoundedUpToWholeCpus() {
        Manifests twoCpus = Chart.defaults().set("media.resources.limits.cpu", "2").manifests();
        assertTrue(twoCpus.configEnv(twoCpus.deployment("media-service")).get("JAVA_OPTS_APPEND")
                .contains("-XX:ActiveProcessorCount=2 "));
        Manifests halfCpu = Chart.minimal().manifests();
        assertTrue(halfCpu.configEnv(halfCpu.deployment("media-service")).get("JAVA_OPTS_APPEND")
                .contains("-XX:ActiveProcessorCount=1 "), "500m");
    }

    @Test
    void anImageWithoutAnAotCacheRendersNoCacheOption() {
        Manifests noCache = Chart.defaults().set("serviceDefaults.jvm.aotCache", "").manifests();
        assertEquals(String.join(" ", JVM.podOptions()),
                noCache.configEnv(noCache.deployment("gateway")).get("JAVA_OPTS_APPEND"));
    }

    /**
     * The image's AOT cache is made by the image's own JDK with the pod's options (an AOT cache must be used with the
     * GC it was made with) and the build's training options, at the path the chart passes to -XX:AOTCache. Base images
     * cannot be pulled here, so the Dockerfile's training command is checked instead of run.
     */
    @Test
    void theImageTrainsItsAotCacheWithThePodsOptionsWhereTheChartLooksForIt() throws IOException {
        String dockerfile = Files.readString(Chart.MODULE_DIR.resolve("docker/Dockerfile.jvm")).replace("\\\n", " ");
        String training = dockerfile.lines().filter(line -> line.startsWith("RUN java ")).findFirst().orElseThrow()
                .replaceAll("\\s+", " ");
        assertTrue(training.startsWith("RUN java " + String.join(" ", JVM.podOptions()) + " "), training);
        assertTrue(training.contains(" -XX:AOTCacheOutput=/deployments/app.aot "), training);
        assertTrue(training.contains(" " + String.join(" ", StartupArchive.trainingOptions("127.0.0.1:9")) + " "),
                "the training options of the build's cache: " + training);
        assertTrue(dockerfile.contains("ARG BASE=eclipse-temurin:25-jre"), "Temurin 25, the JDK the services run on locally");
        JVM.environment().forEach((name, value) -> assertTrue(dockerfile.contains("ENV " + name + "=" + value), name));
        assertTrue(dockerfile.contains("$JAVA_OPTS_APPEND"), "the entrypoint reads the chart's options");
    }
}
