package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 8: the chart's alerts name only metrics the services publish. The published names are made the way the
 * services make them: their own meters, found in their main sources, and the Kafka client metrics Quarkus binds to
 * every SmallRye consumer and producer, registered in Micrometer's Prometheus registry (the one Quarkus uses) and
 * scraped.
 */
class PrometheusRuleTest {

    /** {@code Counter.builder("x")}, {@code meters.counter("x", ...)}, {@code Timer.builder(NAME)}, ... */
    private static final Pattern METER = Pattern.compile(
            "(?:(Counter|Gauge|Timer|DistributionSummary)\\.builder|\\.(counter|timer|summary))\\(\\s*(?:\"([a-z0-9.]+)\"|([A-Z_]+))");
    private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z_]+) = \"([a-z0-9.]+)\";");
    /** A metric selector in PromQL: a name directly followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private static Set<String> published;

    @BeforeAll
    static void scrapeWhatTheServicesPublish() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        serviceMeters().forEach((name, type) -> {
            switch (type) {
                case "counter" -> Counter.builder(name).register(registry);
                case "gauge" -> Gauge.builder(name, () -> 0).register(registry);
                case "timer" -> Timer.builder(name).register(registry);
                default -> DistributionSummary.builder(name).register(registry);
            }
        });
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ConsumerConfig.GROUP_ID_CONFIG, "media-service");
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ProducerConfig.CLIENT_ID_CONFIG, "kafka-dead-letter-topic-producer-media-service");
        try (var c = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer());
             var p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
             var consumerMetrics = new KafkaClientMetrics(c);
             var producerMetrics = new KafkaClientMetrics(p)) {
            consumerMetrics.bindTo(registry);
            producerMetrics.bindTo(registry);
            published = registry.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.replaceFirst("[{ ].*", "")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Meter name -> counter, gauge, timer or summary, from the main sources of every module. */
    private static Map<String, String> serviceMeters() throws IOException {
        Map<String, String> meters = new HashMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Chart.MODULE_DIR.getParent(), 12)) {
            sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Map<String, String> constants = new HashMap<>();
            Matcher constant = CONSTANT.matcher(text);
            while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
            }
            Matcher meter = METER.matcher(text);
            while (meter.find()) {
                String name = meter.group(3) != null ? meter.group(3) : constants.get(meter.group(4));
                String type = (meter.group(1) != null ? meter.group(1) : meter.group(2)).toLowerCase();
                if (name != null && name.startsWith("kidsafe.")) {
                    meters.put(name, type.equals("distributionsummary") ? "summary" : type);
                }
            }
        }
        return meters;
    }

    static Set<String> metricsNamedIn(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SELECTOR.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertNamesOnlyMetricsTheServicesPublish() {
        Manifests m = Chart.production().manifests();
        List<GenericKubernetesResource> rules = m.ofKind("PrometheusRule");
        assertEquals(1, rules.size());
        Map<String, String> expressions = new HashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) Manifests.spec(rules.get(0)).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.put((String) rule.get("alert"), String.valueOf(rule.get("expr")));
                // Helm leaves Prometheus' own templates to Prometheus
                assertTrue(String.valueOf(((Map<String, Object>) rule.get("annotations")).get("summary")).contains("{{ $"), rule.toString());
            }
        }
        assertEquals(Set.of("KidSafeErasureOverdue", "KidSafeDeadLetters", "KidSafeBreakerOpen", "KidSafeConsumerLag",
                "KidSafeRefusedTokensSpike"), expressions.keySet());
        List<String> unknown = new ArrayList<>();
        expressions.forEach((alert, expression) -> {
            Set<String> names = metricsNamedIn(expression);
            assertFalse(names.isEmpty(), alert + " names no metric: " + expression);
            names.stream().filter(name -> !published.contains(name)).forEach(name -> unknown.add(alert + ": " + name));
            assertTrue(expression.contains("namespace=\"kidsafe\""), alert + " must look at the release's namespace only");
        });
        assertEquals(List.of(), unknown, "metrics no service publishes");
    }

    /** The check can fail: a metric nobody registers is not among the published names. */
    @Test
    void aMetricNoServicePublishesIsRefused() {
        assertTrue(published.contains("kidsafe_erasure_overdue_total"), "consent-service's counter, as Prometheus names it");
        assertTrue(published.contains("kafka_consumer_fetch_manager_records_lag_max"), published.toString());
        assertFalse(published.contains("kidsafe_dead_letter_depth"));
        assertEquals(Set.of("kidsafe_dead_letter_depth"),
                metricsNamedIn("max(kidsafe_dead_letter_depth{topic=~\".*dlq\"}) > 0"));
    }

    @Test
    void noRuleUnlessSwitchedOn() {
        assertTrue(Scenario.DEFAULT.manifests().ofKind("PrometheusRule").isEmpty());
        assertTrue(Scenario.MINIMAL.manifests().ofKind("PrometheusRule").isEmpty());
    }
}
