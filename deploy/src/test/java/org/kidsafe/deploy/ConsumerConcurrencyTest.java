package org.kidsafe.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 5: 24 partitions per event topic, and consumers per pod (SmallRye's
 * {@code mp.messaging.incoming.<channel>.concurrency}) on the channels the services really consume.
 */
class ConsumerConcurrencyTest {

    private static final Pattern CONCURRENCY = Pattern.compile("-Dmp\\.messaging\\.incoming\\.([a-z0-9-]+)\\.concurrency=(\\d+)");
    private static final Pattern TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([a-z0-9-]+)\\.topic");

    @Test
    @SuppressWarnings("unchecked")
    void eachServiceGetsTheConcurrencyOnEveryChannelItConsumesAndOnNoOther() throws IOException {
        Map<String, String> channelOfTopic = channelsOfTheSources();
        Manifests m = Scenario.PRODUCTION.manifests();
        Map<String, Object> values = Scenario.PRODUCTION.chartValues();
        for (String key : List.of("consent", "profile", "media")) {
            Map<String, String> rendered = new TreeMap<>();
            Matcher matcher = CONCURRENCY.matcher(m.configEnv(m.deployment(Chart.SERVICES.get(key))).get("JAVA_OPTS_APPEND"));
            while (matcher.find()) {
                rendered.put(matcher.group(1), matcher.group(2));
            }
            Map<String, String> expected = new TreeMap<>();
            for (Map<String, String> consumed : (List<Map<String, String>>) Values.at(values, key + ".kafka.consumes")) {
                String channel = channelOfTopic.get(consumed.get("topic"));
                assertTrue(channel != null, "no service source consumes " + consumed.get("topic"));
                expected.put(channel, "2");
            }
            assertEquals(expected, rendered, key);
        }
        assertFalse(m.configEnv(m.deployment("gateway")).get("JAVA_OPTS_APPEND").contains("mp.messaging"));
    }

    @Test
    void theValueReachesEveryPod() {
        Manifests m = Chart.production().set("kafka.consumerConcurrency", 3).manifests();
        assertTrue(m.configEnv(m.deployment("consent-service")).get("JAVA_OPTS_APPEND")
                .contains("-Dmp.messaging.incoming.profile-erasure-reports.concurrency=3"));
    }

    /** Every consumer of a group gets partitions: the most pods x consumers per pod stays within each event topic's partitions. */
    @Test
    @SuppressWarnings("unchecked")
    void everyEventTopicHas24PartitionsEnoughForEveryConsumerOfTheProductionValues() {
        Map<String, Object> values = Scenario.PRODUCTION.chartValues();
        int consumers = ((Number) Values.at(values, "serviceDefaults.autoscaling.maxReplicas")).intValue()
                * ((Number) Values.at(values, "kafka.consumerConcurrency")).intValue();
        for (Map<String, Object> topic : (List<Map<String, Object>>) Values.at(values, "kafka.topics")) {
            String name = (String) topic.get("name");
            int partitions = ((Number) topic.get("partitions")).intValue();
            if (name.endsWith(".dlq")) {
                assertEquals(1, partitions, name);
            } else {
                assertEquals(24, partitions, name);
                assertTrue(consumers <= partitions, name + ": " + consumers + " consumers, " + partitions + " partitions");
            }
        }
    }

    /** topic -> channel, from every module's Quarkus and MicroProfile configuration. */
    private static Map<String, String> channelsOfTheSources() throws IOException {
        Map<String, String> channels = new TreeMap<>();
        Path root = Chart.MODULE_DIR.getParent();
        List<Path> files;
        try (Stream<Path> modules = Files.list(root)) {
            files = modules.flatMap(module -> Stream.of(module.resolve("src/main/resources/application.properties"),
                    module.resolve("src/main/resources/META-INF/microprofile-config.properties")))
                    .filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            for (String name : properties.stringPropertyNames()) {
                Matcher matcher = TOPIC.matcher(name);
                if (matcher.matches()) {
                    String previous = channels.put(properties.getProperty(name), matcher.group(1));
                    assertTrue(previous == null || previous.equals(matcher.group(1)), "two channel names for one topic: " + name);
                }
            }
        }
        assertEquals(6, channels.size(), "the six event topics are consumed: " + channels);
        return channels;
    }
}
