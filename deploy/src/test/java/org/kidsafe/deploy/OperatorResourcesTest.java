package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.TopicAccess;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Strimzi, CloudNativePG and Keycloak Operator resources of the production-like render. */
class OperatorResourcesTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();
    private static final Map<String, Object> VALUES = Scenario.PRODUCTION.chartValues();

    @Test
    void noOperatorResourceUnlessSwitchedOn() {
        for (String kind : List.of("KafkaTopic", "KafkaUser", "Cluster", "Pooler", "Keycloak", "KeycloakRealmImport")) {
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
        assertEquals(new TreeSet<>(TopicAccess.allTopics()), new TreeSet<>(rendered.keySet()),
                "exactly the topics of event-backbone's TopicAccess: the event topics plus one dead-letter topic per consumer, "
                        + "named <topic>.<consumer group>.dlq");
        for (Map<String, Object> topic : topics) {
            Map<String, Object> spec = rendered.get((String) topic.get("name"));
            assertEquals(((Number) topic.get("partitions")).intValue(), ((Number) spec.get("partitions")).intValue());
            assertEquals(((Number) topic.get("replicas")).intValue(), ((Number) spec.get("replicas")).intValue());
            assertEquals(topic.get("config"), spec.get("config"));
        }
        M.ofKind("KafkaTopic").forEach(t -> assertEquals("kafka", t.getMetadata().getLabels().get("strimzi.io/cluster")));
    }

    /**
     * One access list (issue 16): the chart's default produces/consumes lists are event-backbone's {@link TopicAccess},
     * which the services are built with and the embedded broker enforces; this test fails when the two differ.
     * Consumer group = service name, dead-letter topic = {@code <topic>.<consumer group>.dlq}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theKafkaValuesAreTheServicesAccessList() {
        Map<String, Object> defaults = Values.load(Chart.VALUES);
        for (String key : List.of("consent", "profile", "media")) {
            TopicAccess access = TopicAccess.of(Chart.SERVICES.get(key));
            assertEquals(access.produces(), Values.at(defaults, key + ".kafka.produces"), key + " produces");
            List<Map<String, String>> consumed = (List<Map<String, String>>) Values.at(defaults, key + ".kafka.consumes");
            assertEquals(access.consumes(), consumed.stream().map(c -> c.get("topic")).toList(), key + " consumes");
            assertEquals(access.deadLetterTopics(), consumed.stream().map(c -> c.get("deadLetterTopic")).toList(), key + " dead letters");
        }
        assertEquals(Set.of("consent", "profile", "media"), TopicAccess.SERVICES.stream()
                .map(access -> access.service().substring(0, access.service().indexOf('-'))).collect(Collectors.toSet()));
        assertTrue(Values.at(defaults, "gateway.kafka") == null, "the gateway uses no Kafka");
    }

    /**
     * The ACLs the embedded broker enforces for a service ({@link TopicAccess#aclBindings()}, the very bindings
     * {@code ./kidsafe up} and every test create), in the KafkaUser's terms.
     */
    private static Map<String, Set<String>> expectedAcls(String service) {
        Map<String, Set<String>> acl = new TreeMap<>();
        for (AclBinding binding : TopicAccess.of(service).aclBindings()) {
            assertEquals("User:" + service, binding.entry().principal());
            assertEquals(AclPermissionType.ALLOW, binding.entry().permissionType());
            assertEquals(PatternType.LITERAL, binding.pattern().patternType());
            String operation = binding.entry().operation().name();
            acl.computeIfAbsent(binding.pattern().resourceType().name().toLowerCase(Locale.ROOT) + ":" + binding.pattern().name(),
                    resource -> new TreeSet<>()).add(operation.charAt(0) + operation.substring(1).toLowerCase(Locale.ROOT));
        }
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
            assertEquals(expectedAcls(service), actual, service + ": the KafkaUser grants exactly what the embedded broker does");
        });
        // spot checks of the topic ownership from the issue
        assertEquals(Set.of("Describe", "Read"),
                aclOf(users.get("kidsafe-media-service"), "kidsafe.consent.events"), "media consumes consent events");
        assertEquals(Set.of("Describe", "Write"),
                aclOf(users.get("kidsafe-consent-service"), "kidsafe.consent.events"), "only consent produces them");
        assertEquals(Set.of("Describe", "Write"),
                aclOf(users.get("kidsafe-media-service"), "kidsafe.erasure.requests.media-service.dlq"));
        assertEquals(Set.of(), aclOf(users.get("kidsafe-profile-service"), "kidsafe.erasure.requests.media-service.dlq"),
                "a consumer cannot write into another consumer's dead-letter topic");
        assertEquals(Set.of("Describe", "Read"), aclOf(users.get("kidsafe-media-service"), "kidsafe.erasure.requests"),
                "media only reads the erasure requests");
        assertEquals(Set.of("Describe", "Write"), aclOf(users.get("kidsafe-consent-service"), "kidsafe.erasure.requests"),
                "only consent-service asks for an erasure");
        assertEquals(Set.of(), aclOf(users.get("kidsafe-media-service"), "kidsafe.profile.erasure-reports"),
                "a participant cannot report for another");
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
    void oneCloudNativePgClusterPerServiceDatabaseTheGatewaysIncluded() {
        Map<String, Map<String, Object>> clusters = M.ofKind("Cluster").stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Manifests::spec));
        // The gateway's holds only the rate limits its replicas share (issue 21 item 1).
        assertEquals(Set.of("kidsafe-consent-db", "kidsafe-profile-db", "kidsafe-media-db", "kidsafe-gateway-db",
                "kidsafe-keycloak-db"), clusters.keySet());
        for (String db : List.of("consent", "profile", "media", "gateway")) {
            Map<String, Object> spec = clusters.get("kidsafe-" + db + "-db");
            Map<String, Object> initdb = (Map<String, Object>) ((Map<String, Object>) spec.get("bootstrap")).get("initdb");
            assertEquals(db, initdb.get("database"));
            if (db.equals("consent")) {
                // Issue 18 item 3: the schema's owner is a role consent-service does not hold; its own is a managed role.
                assertEquals("consent_owner", initdb.get("owner"));
                assertEquals("{name=kidsafe-consent-db-owner}", String.valueOf(initdb.get("secret")));
                assertEquals("{roles=[{name=consent_service, ensure=present, login=true, inherit=false, "
                        + "passwordSecret={name=kidsafe-consent-db}}]}", String.valueOf(spec.get("managed")));
            } else {
                assertEquals(db + "_service", initdb.get("owner"));
                assertEquals("{name=kidsafe-" + db + "-db}", String.valueOf(initdb.get("secret")),
                        "the owner is seeded from the service's own secret");
                assertNull(spec.get("managed"));
            }
            assertEquals(Boolean.FALSE, spec.get("enableSuperuserAccess"));
            String jdbc = M.configEnv(M.deployment(db.equals("gateway") ? db : db + "-service")).get("QUARKUS_DATASOURCE_JDBC_URL");
            // Through the database's PgBouncer (PoolerTest)
            assertEquals("jdbc:postgresql://kidsafe-" + db + "-db-pooler.kidsafe.svc:5432/" + db
                    + "?sslmode=verify-full&sslrootcert=/etc/kidsafe/postgres-ca/ca.crt", jdbc);
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
                .set("profile.kafka.consumes[1].topic", "kidsafe.erasure.requests")
                .set("profile.kafka.consumes[1].deadLetterTopic", "kidsafe.erasure.requests.media-service.dlq").yaml());
        assertTrue(e.getMessage().contains("dead-letter topic kidsafe.erasure.requests.media-service.dlq is already"),
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
        // The services' Keycloak clients come with the realm; their secrets never do (operators set them, and the
        // services read them from their mounted secrets: profile.keycloak, consent.parentAccounts, gateway.tokenExchange).
        List<Map<String, Object>> clients = (List<Map<String, Object>>) realm.get("clients");
        for (String client : List.of("kidsafe-device-registrar", "kidsafe-parent-accounts", "kidsafe-gateway")) {
            Map<String, Object> imported = clients.stream().filter(c -> client.equals(c.get("clientId"))).findFirst()
                    .orElseThrow(() -> new AssertionError(client + " is not imported"));
            assertNull(imported.get("secret"), client + " must not carry a secret in the chart's values");
        }
        List<String> unknown = new ArrayList<>();
        m.all.forEach(r -> unknown.addAll(UnknownFields.in(r)));
        assertEquals(List.of(), unknown);
    }
}
