package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Strimzi, CloudNativePG and Keycloak Operator resources of the production-like render. */
class OperatorResourcesTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();
    private static final Map<String, Object> VALUES = Scenario.PRODUCTION.chartValues();

    @Test
    void noOperatorResourceUnlessSwitchedOn() {
        for (String kind : List.of("KafkaTopic", "KafkaUser", "Cluster", "Keycloak", "KeycloakRealmImport")) {
            assertTrue(Scenario.DEFAULT.manifests().ofKind(kind).isEmpty(), kind);
            assertTrue(Scenario.MINIMAL.manifests().ofKind(kind).isEmpty(), kind);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneKafkaTopicPerTopicOfTheValues() {
        List<Map<String, Object>> topics = (List<Map<String, Object>>) Values.at(VALUES, "kafka.topics");
        Map<String, Map<String, Object>> rendered = M.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
                t -> String.valueOf(Manifests.spec(t).get("topicName")), Manifests::spec));
        assertEquals(topics.stream().map(t -> (String) t.get("name")).collect(Collectors.toSet()), rendered.keySet());
        assertEquals(Set.of("kidsafe.consent.events", "kidsafe.erasure.events", "kidsafe.profile.events",
                "kidsafe.consent.events.profile-service.dlq", "kidsafe.consent.events.media-service.dlq",
                "kidsafe.erasure.events.consent-service.dlq", "kidsafe.erasure.events.profile-service.dlq",
                "kidsafe.erasure.events.media-service.dlq", "kidsafe.profile.events.consent-service.dlq",
                "kidsafe.profile.events.media-service.dlq"), rendered.keySet(),
                "event topics plus one dead-letter topic per consumer, named <topic>.<consumer group>.dlq");
        for (Map<String, Object> topic : topics) {
            Map<String, Object> spec = rendered.get((String) topic.get("name"));
            assertEquals(((Number) topic.get("partitions")).intValue(), ((Number) spec.get("partitions")).intValue());
            assertEquals(((Number) topic.get("replicas")).intValue(), ((Number) spec.get("replicas")).intValue());
            assertEquals(topic.get("config"), spec.get("config"));
        }
        M.ofKind("KafkaTopic").forEach(t -> assertEquals("kafka", t.getMetadata().getLabels().get("strimzi.io/cluster")));
    }

    /**
     * The values' Kafka data is what the services really use (their SmallRye channels): consumer group = service
     * name, dead-letter topic = {@code <topic>.<consumer group>.dlq}, and each consumer produces to its own DLQs only.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theKafkaValuesMatchWhatTheServicesProduceAndConsume() {
        Map<String, List<String>> produces = Map.of(
                "consent", List.of("kidsafe.consent.events", "kidsafe.erasure.events"),
                "profile", List.of("kidsafe.profile.events", "kidsafe.erasure.events"),
                "media", List.of("kidsafe.erasure.events"));
        Map<String, Set<String>> consumes = Map.of(
                "consent", Set.of("kidsafe.erasure.events", "kidsafe.profile.events"),
                "profile", Set.of("kidsafe.consent.events", "kidsafe.erasure.events"),
                "media", Set.of("kidsafe.consent.events", "kidsafe.profile.events", "kidsafe.erasure.events"));
        Map<String, Object> defaults = Values.load(Chart.VALUES);
        for (String key : List.of("consent", "profile", "media")) {
            String group = Chart.SERVICES.get(key);
            assertEquals(new TreeSet<>(produces.get(key)),
                    new TreeSet<>((List<String>) Values.at(defaults, key + ".kafka.produces")), key + " produces");
            List<Map<String, String>> consumed = (List<Map<String, String>>) Values.at(defaults, key + ".kafka.consumes");
            assertEquals(consumes.get(key), consumed.stream().map(c -> c.get("topic")).collect(Collectors.toSet()),
                    key + " consumes");
            consumed.forEach(c -> assertEquals(c.get("topic") + "." + group + ".dlq", c.get("deadLetterTopic"), key));
        }
        assertTrue(Values.at(defaults, "gateway.kafka") == null, "the gateway uses no Kafka");
    }

    /** The ACLs a service's KafkaUser must have, derived here from its produces/consumes lists. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> expectedAcls(String key, String service) {
        Map<String, Set<String>> acl = new TreeMap<>();
        Map<String, Object> kafka = (Map<String, Object>) Values.at(VALUES, key + ".kafka");
        for (String topic : (List<String>) kafka.get("produces")) {
            acl.computeIfAbsent("topic:" + topic, t -> new TreeSet<>()).addAll(List.of("Describe", "Write"));
        }
        for (Map<String, String> consumed : (List<Map<String, String>>) kafka.get("consumes")) {
            acl.computeIfAbsent("topic:" + consumed.get("topic"), t -> new TreeSet<>())
                    .addAll(List.of("Describe", "Read"));
            acl.computeIfAbsent("topic:" + consumed.get("deadLetterTopic"), t -> new TreeSet<>())
                    .addAll(List.of("Describe", "Write"));
        }
        acl.put("group:" + service, new TreeSet<>(Set.of("Read")));
        return acl;
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachKafkaUserMayUseOnlyTheTopicsItsServiceProducesOrConsumes() {
        Map<String, GenericKubernetesResource> users = M.ofKind("KafkaUser").stream()
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        assertEquals(Set.of("kidsafe-consent-service", "kidsafe-profile-service", "kidsafe-media-service"),
                users.keySet(), "one KafkaUser per Kafka client; none for the gateway");
        Map<String, String> kafkaClients = Map.of(
                "consent", "consent-service", "profile", "profile-service", "media", "media-service");
        kafkaClients.forEach((key, service) -> {
            Map<String, Object> spec = Manifests.spec(users.get(Chart.RELEASE + "-" + service));
            assertEquals("scram-sha-512", ((Map<String, Object>) spec.get("authentication")).get("type"));
            Map<String, Object> authorization = (Map<String, Object>) spec.get("authorization");
            assertEquals("simple", authorization.get("type"));
            Map<String, Set<String>> actual = new TreeMap<>();
            for (Map<String, Object> acl : (List<Map<String, Object>>) authorization.get("acls")) {
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                assertEquals("literal", resource.get("patternType"), service + ": no prefix or wildcard ACL");
                assertTrue(Set.of("topic", "group").contains(resource.get("type")), service + ": " + resource);
                actual.computeIfAbsent(resource.get("type") + ":" + resource.get("name"), r -> new TreeSet<>())
                        .addAll((List<String>) acl.get("operations"));
            }
            assertEquals(expectedAcls(key, service), actual, service);
        });
        // spot checks of the topic ownership from the issue
        assertEquals(Set.of("Describe", "Read"),
                aclOf(users.get("kidsafe-media-service"), "kidsafe.consent.events"), "media consumes consent events");
        assertEquals(Set.of("Describe", "Write"),
                aclOf(users.get("kidsafe-consent-service"), "kidsafe.consent.events"), "only consent produces them");
        assertEquals(Set.of("Describe", "Write"),
                aclOf(users.get("kidsafe-media-service"), "kidsafe.erasure.events.media-service.dlq"));
        assertEquals(Set.of(), aclOf(users.get("kidsafe-profile-service"), "kidsafe.erasure.events.media-service.dlq"),
                "a consumer cannot write into another consumer's dead-letter topic");
        assertEquals(Set.of(), aclOf(users.get("kidsafe-profile-service"), "kidsafe.profile.events.media-service.dlq"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> aclOf(GenericKubernetesResource user, String topic) {
        List<Map<String, Object>> acls = (List<Map<String, Object>>)
                ((Map<String, Object>) Manifests.spec(user).get("authorization")).get("acls");
        return acls.stream().filter(a -> topic.equals(((Map<String, Object>) a.get("resource")).get("name")))
                .flatMap(a -> ((List<String>) a.get("operations")).stream()).collect(Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneCloudNativePgClusterPerServiceDatabaseAndNoneForTheGateway() {
        Map<String, Map<String, Object>> clusters = M.ofKind("Cluster").stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Manifests::spec));
        assertEquals(Set.of("kidsafe-consent-db", "kidsafe-profile-db", "kidsafe-media-db", "kidsafe-keycloak-db"),
                clusters.keySet());
        for (String db : List.of("consent", "profile", "media")) {
            Map<String, Object> spec = clusters.get("kidsafe-" + db + "-db");
            Map<String, Object> initdb = (Map<String, Object>) ((Map<String, Object>) spec.get("bootstrap")).get("initdb");
            assertEquals(db, initdb.get("database"));
            assertEquals(db + "_service", initdb.get("owner"));
            assertEquals("{name=kidsafe-" + db + "-db}", String.valueOf(initdb.get("secret")),
                    "the owner is seeded from the service's own secret");
            assertEquals(Boolean.FALSE, spec.get("enableSuperuserAccess"));
            String jdbc = M.configEnv(M.deployment(db + "-service")).get("QUARKUS_DATASOURCE_JDBC_URL");
            assertEquals("jdbc:postgresql://kidsafe-" + db + "-db-rw.kidsafe.svc.cluster.local:5432/" + db
                    + "?sslmode=require", jdbc);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void keycloakAndTheRealmImport() throws Exception {
        List<GenericKubernetesResource> keycloaks = M.ofKind("Keycloak");
        assertEquals(1, keycloaks.size());
        GenericKubernetesResource keycloak = keycloaks.get(0);
        assertEquals("k8s.keycloak.org/v2alpha1", keycloak.getApiVersion());
        Map<String, Object> spec = Manifests.spec(keycloak);
        assertEquals("{hostname=keycloak.example}", String.valueOf(spec.get("hostname")));
        assertEquals("keycloak-tls", ((Map<String, Object>) spec.get("http")).get("tlsSecret"));
        Map<String, Object> db = (Map<String, Object>) spec.get("db");
        assertEquals("kidsafe-keycloak-db-rw", db.get("host"));
        assertEquals("{name=kidsafe-keycloak-db-app, key=password}", String.valueOf(db.get("passwordSecret")));

        List<GenericKubernetesResource> imports = M.ofKind("KeycloakRealmImport");
        assertEquals(1, imports.size());
        Map<String, Object> importSpec = Manifests.spec(imports.get(0));
        assertEquals(keycloak.getMetadata().getName(), importSpec.get("keycloakCRName"));
        Map<String, Object> expected = Manifests.SERIALIZATION.unmarshal(Files.readString(Chart.TEST_REALM), Map.class);
        assertEquals(expected, importSpec.get("realm"), "the realm is passed through unchanged");
    }

    @Test
    void twoConsumersCannotShareADeadLetterTopic() {
        // --set replaces a whole list, so both entries of profile's list are given
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.production()
                .set("profile.kafka.consumes[0].topic", "kidsafe.consent.events")
                .set("profile.kafka.consumes[0].deadLetterTopic", "kidsafe.consent.events.profile-service.dlq")
                .set("profile.kafka.consumes[1].topic", "kidsafe.erasure.events")
                .set("profile.kafka.consumes[1].deadLetterTopic", "kidsafe.erasure.events.media-service.dlq").yaml());
        assertTrue(e.getMessage().contains("dead-letter topic kidsafe.erasure.events.media-service.dlq is already"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Chart.production()
                .set("media.kafka.produces[0]", "kidsafe.unknown.events").yaml());
        assertTrue(e.getMessage().contains("topic kidsafe.unknown.events is not listed in kafka.topics"), e.getMessage());
    }

    @Test
    void theRealmImportNeedsTheRealmFile() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.render()
                .values(Chart.PRODUCTION_VALUES).set("keycloak.realmImport.enabled", true).yaml());
        assertTrue(e.getMessage().contains("--set-file keycloak.realmImport.realm="), e.getMessage());
        IllegalStateException notJson = assertThrows(IllegalStateException.class, () -> Chart.render()
                .values(Chart.PRODUCTION_VALUES).set("keycloak.realmImport.enabled", true)
                .setFile("keycloak.realmImport.realm", Chart.PRODUCTION_VALUES).yaml());
        assertTrue(notJson.getMessage().contains("must be a realm JSON object"), notJson.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKidsafeRealmOfEmbeddedPlatformImportsWhenPresent() throws Exception {
        assumeTrue(Files.isRegularFile(Chart.KIDSAFE_REALM), "kidsafe-realm.json not written yet");
        Manifests m = Chart.render().values(Chart.PRODUCTION_VALUES).set("keycloak.realmImport.enabled", true)
                .setFile("keycloak.realmImport.realm", Chart.KIDSAFE_REALM).manifests();
        Map<String, Object> realm = (Map<String, Object>) Manifests.spec(m.ofKind("KeycloakRealmImport").get(0))
                .get("realm");
        Map<String, Object> file = Manifests.SERIALIZATION.unmarshal(Files.readString(Chart.KIDSAFE_REALM), Map.class);
        assertEquals(file.get("realm"), realm.get("realm"));
        assertEquals(new TreeSet<>(file.keySet()), new TreeSet<>(realm.keySet()));
        List<String> unknown = new ArrayList<>();
        m.all.forEach(r -> unknown.addAll(UnknownFields.in(r)));
        assertEquals(List.of(), unknown);
    }
}
