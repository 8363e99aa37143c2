package org.kidsafe.deploy;

import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;
import io.strimzi.api.kafka.model.user.KafkaUserSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 7: the KafkaTopics and KafkaUsers the chart renders are read by Strimzi's own resource definitions,
 * the model classes of {@code io.strimzi:api} (Maven Central) from which Strimzi generates its CRDs' schemas: a field
 * they do not define lands in their additionalProperties, a wrong type or an unknown subtype fails the read.
 * Strimzi's version annotations (which fields each API version has) come from its crd-generator, which is not
 * published; the chart's v1-only choices (ACL {@code operations}, not {@code operation}) are checked by
 * OperatorResourcesTest.
 */
class StrimziSchemaTest {

    /** Strict where fabric8's own mapper is lenient: an unknown subtype or a value of the wrong type fails the read. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Map<String, Class<?>> SPECS = Map.of("KafkaTopic", KafkaTopicSpec.class, "KafkaUser", KafkaUserSpec.class);

    @Test
    @SuppressWarnings("unchecked")
    void everyKafkaTopicAndKafkaUserIsValidForStrimzi() {
        List<String> problems = new ArrayList<>();
        int read = 0;
        for (String document : Manifests.documents(Chart.production().yaml())) {
            Map<String, Object> object = Manifests.SERIALIZATION.unmarshal(document, Map.class);
            Class<?> spec = SPECS.get(String.valueOf(object.get("kind")));
            if (spec == null || !String.valueOf(object.get("apiVersion")).startsWith("kafka.strimzi.io/")) {
                continue;
            }
            read++;
            String name = object.get("kind") + "/" + ((Map<String, Object>) object.get("metadata")).get("name");
            problems.addAll(problems(spec, object.get("spec")).stream().map(p -> name + ": " + p).toList());
        }
        assertEquals(15 + 3, read, "15 topics (kidsafe.media.events and its dead-letter topic since issue 19 item 8) and 3 users");
        assertEquals(List.of(), problems);
    }

    @Test
    void aWrongFieldAWrongTypeAndAnUnknownAuthenticationAreRefused() {
        Map<String, Object> user = Map.of(
                "authentication", Map.of("type", "scram-sha-512"),
                "authorization", Map.of("type", "simple", "acls", List.of(Map.of(
                        "resource", Map.of("type", "topic", "name", "kidsafe.consent.events", "patternType", "literal"),
                        "operations", List.of("Describe", "Read"), "host", "*"))));
        assertEquals(List.of(), problems(KafkaUserSpec.class, user));
        assertEquals(List.of("spec.authorization.acls[0].resource has unknown fields [patterntype]"),
                problems(KafkaUserSpec.class, Map.of("authorization", Map.of("type", "simple", "acls", List.of(Map.of(
                        "resource", Map.of("type", "topic", "name", "t", "patterntype", "literal"), "operations", List.of("Read")))))));
        assertTrue(problems(KafkaUserSpec.class, Map.of("authentication", Map.of("type", "scram-sha-256"))).get(0)
                .contains("scram-sha-256"));
        assertTrue(problems(KafkaTopicSpec.class, Map.of("partitions", "many")).get(0).contains("many"));
        assertEquals(List.of("spec has unknown fields [replica]"),
                problems(KafkaTopicSpec.class, Map.of("partitions", 24, "replica", 3)));
    }

    /** What Strimzi's model makes of a rendered spec: unknown fields wherever they are, or why it cannot read it. */
    private static List<String> problems(Class<?> type, Object spec) {
        Object model;
        try {
            model = STRICT.convertValue(spec, type);
        } catch (RuntimeException e) {
            return List.of("not a " + type.getSimpleName() + ": " + e.getMessage());
        }
        List<String> found = new ArrayList<>();
        walk(model, "spec", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                if (item == null) {
                    found.add(path + "[" + i + "] is not a value Strimzi knows");
                }
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.strimzi.") || value.getClass().isEnum()) {
            return;
        }
        if (value instanceof UnknownPropertyPreserving preserving && !preserving.getAdditionalProperties().isEmpty()) {
            found.add(path + " has unknown fields " + preserving.getAdditionalProperties().keySet());
        }
        for (Method getter : value.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !name.startsWith("get")
                    || name.equals("getClass") || name.equals("getAdditionalProperties")) {
                continue;
            }
            try {
                walk(getter.invoke(value), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), found);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + name + " of " + value.getClass(), e);
            }
        }
    }
}
