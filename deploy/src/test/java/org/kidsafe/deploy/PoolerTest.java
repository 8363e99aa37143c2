package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 5: a CloudNativePG Pooler (PgBouncer) in front of each service database, its pools computed from the
 * most pods a service may run, and PostgreSQL's max_connections never below what those pools may hold.
 */
class PoolerTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();
    private static final Map<String, Object> VALUES = Scenario.PRODUCTION.chartValues();

    @Test
    @SuppressWarnings("unchecked")
    void oneSessionPoolerPerServiceDatabaseSizedForTheMostPodsAndUnderMaxConnections() {
        Map<String, GenericKubernetesResource> poolers = M.ofKind("Pooler").stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
        assertEquals(Set.of("kidsafe-consent-db-pooler", "kidsafe-profile-db-pooler", "kidsafe-media-db-pooler", "kidsafe-gateway-db-pooler"),
                poolers.keySet(), "one per service database (the gateway's holds the shared rate limits); Keycloak's is reached directly");
        int instances = ((Number) Values.at(VALUES, "cnpg.pooler.instances")).intValue();
        int maxConnections = ((Number) Values.at(VALUES, "cnpg.maxConnections")).intValue();
        for (String db : List.of("consent", "profile", "media", "gateway")) {
            Map<String, Object> spec = Manifests.spec(poolers.get("kidsafe-" + db + "-db-pooler"));
            assertEquals("kidsafe-" + db + "-db", ((Map<String, Object>) spec.get("cluster")).get("name"));
            assertEquals("rw", spec.get("type"));
            assertEquals(instances, ((Number) spec.get("instances")).intValue());
            Map<String, Object> pgbouncer = (Map<String, Object>) spec.get("pgbouncer");
            assertEquals("session", pgbouncer.get("poolMode"), "the data-key rewrite holds a session advisory lock");

            // The arithmetic, redone here from the values: every pod the autoscaler may run, the rolling update's
            // surge pod and (consent) the ledger prune's pod, each with its JDBC pool full.
            int pods = ((Number) Values.at(VALUES, "serviceDefaults.autoscaling.maxReplicas")).intValue() + 1
                    + (db.equals("consent") ? 1 : 0);
            int poolSize = ((Number) Values.at(VALUES, db + ".database.poolSize")).intValue();
            int sessions = pods * poolSize;
            Map<String, Object> parameters = (Map<String, Object>) pgbouncer.get("parameters");
            assertEquals(Map.of("max_client_conn", String.valueOf(sessions + 10), "default_pool_size", String.valueOf(sessions),
                    "max_db_connections", String.valueOf(sessions)), parameters, db);
            assertEquals(String.valueOf(poolSize),
                    M.configEnv(M.deployment(db.equals("gateway") ? db : db + "-service")).get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"));

            Map<String, Object> cluster = Manifests.spec((GenericKubernetesResource) M.find("Cluster", "kidsafe-" + db + "-db").orElseThrow());
            String rendered = (String) ((Map<String, Object>) ((Map<String, Object>) cluster.get("postgresql")).get("parameters"))
                    .get("max_connections");
            assertEquals(maxConnections, Integer.parseInt(rendered));
            assertTrue(instances * sessions + 3 <= Integer.parseInt(rendered),
                    db + ": " + instances + " PgBouncer pods x " + sessions + " sessions + 3 reserved > max_connections " + rendered);
            assertEquals(List.of("kidsafe-" + db + "-db-pooler", "kidsafe-" + db + "-db-pooler.kidsafe",
                            "kidsafe-" + db + "-db-pooler.kidsafe.svc", "kidsafe-" + db + "-db-pooler.kidsafe.svc.cluster.local"),
                    ((Map<String, Object>) cluster.get("certificates")).get("serverAltDNSNames"),
                    "PgBouncer serves the cluster's certificate, which must name the pooler for verify-full");
        }
    }

    @Test
    void theServicesAndTheirMigrationsReachTheDatabaseThroughThePoolerOnly() {
        for (String db : List.of("consent", "profile", "media", "gateway")) {
            String workload = db.equals("gateway") ? db : db + "-service";
            String jdbc = M.configEnv(M.deployment(workload)).get("QUARKUS_DATASOURCE_JDBC_URL");
            assertEquals("jdbc:postgresql://kidsafe-" + db + "-db-pooler.kidsafe.svc:5432/" + db
                    + "?sslmode=verify-full&sslrootcert=/etc/kidsafe/postgres-ca/ca.crt", jdbc);
            NetworkPolicy policy = M.ofType(NetworkPolicy.class).stream()
                    .filter(p -> p.getMetadata().getName().equals("kidsafe-" + workload)).findFirst().orElseThrow();
            assertTrue(policy.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream())
                            .anyMatch(peer -> peer.getPodSelector() != null && Map.of("cnpg.io/poolerName", "kidsafe-" + db + "-db-pooler")
                                    .equals(peer.getPodSelector().getMatchLabels())),
                    workload + " must be allowed to its pooler's pods");
        }
    }

    @Test
    void withoutThePoolerTheServicesReachTheClusterAndTheSameArithmeticHolds() {
        Manifests direct = Chart.production().set("cnpg.pooler.enabled", false).manifests();
        assertTrue(direct.ofKind("Pooler").isEmpty());
        assertTrue(direct.configEnv(direct.deployment("media-service")).get("QUARKUS_DATASOURCE_JDBC_URL")
                .startsWith("jdbc:postgresql://kidsafe-media-db-rw.kidsafe.svc:5432/media?"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.production()
                .set("cnpg.pooler.enabled", false).set("media.database.poolSize", 30).yaml());
        assertTrue(e.getMessage().contains("media-service's database may need 273 connections (9 pods x media.database.poolSize 30, + 3 reserved), more than cnpg.maxConnections 200"),
                e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void keycloaksPoolFitsItsOwnCluster() {
        Map<String, Object> db = (Map<String, Object>) Manifests.spec(M.ofKind("Keycloak").get(0)).get("db");
        assertEquals(20, ((Number) db.get("poolMaxSize")).intValue(), "Keycloak's default of 100 per pod would not fit");
        Map<String, Object> cluster = Manifests.spec((GenericKubernetesResource) M.find("Cluster", "kidsafe-keycloak-db").orElseThrow());
        assertEquals("200", ((Map<String, Object>) ((Map<String, Object>) cluster.get("postgresql")).get("parameters")).get("max_connections"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("keycloak.database.poolMaxSize", 100).yaml());
        assertTrue(e.getMessage().contains("Keycloak's database may need 203 connections (2 instances x keycloak.database.poolMaxSize 100, "
                + "+ 3 reserved), more than cnpg.maxConnections 200"), e.getMessage());
    }

    /**
     * media-service's erasure worker holds a connection per erasure in flight (issue 21 item 3): the render refuses a
     * concurrency above half the pod's pool, as the service would refuse to start.
     */
    @Test
    void mediasErasureWorkerLeavesHalfOfItsPool() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("media.erasureWorker.concurrency", 5).yaml());
        assertTrue(e.getMessage().contains("media.erasureWorker.concurrency 5 exceeds half of media.database.poolSize 8"), e.getMessage());
        Chart.production().set("media.erasureWorker.concurrency", 5).set("media.database.poolSize", 10).yaml();
    }

    /**
     * The erasure participants' request consumers and consent-service's report consumers hold a connection per record in
     * flight (issue 21 item 3): the render refuses a concurrency above half the pod's pool (consent-service: its two
     * report channels together), as the service would refuse to start.
     */
    @Test
    void erasureConsumersLeaveHalfOfTheirPool() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("profile.erasureRequests.concurrency", 5).yaml());
        assertTrue(e.getMessage().contains("profile.erasureRequests.concurrency 5 exceeds half of profile.database.poolSize 8"), e.getMessage());
        Chart.production().set("profile.erasureRequests.concurrency", 5).set("profile.database.poolSize", 10).yaml();
        e = assertThrows(IllegalStateException.class, () -> Chart.production().set("media.erasureRequests.concurrency", 5).yaml());
        assertTrue(e.getMessage().contains("media.erasureRequests.concurrency 5 exceeds half of media.database.poolSize 8"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Chart.production().set("consent.erasureReports.concurrency", 3).yaml());
        assertTrue(e.getMessage().contains("consent.erasureReports.concurrency 3 on each of 2 channels exceeds half of consent.database.poolSize 8"),
                e.getMessage());
        Chart.production().set("consent.erasureReports.concurrency", 3).set("consent.database.poolSize", 12)
                .set("consent.autoscaling.maxReplicas", 6).yaml();
    }

    /** The case: more replicas than the database admits fails the render, naming the values to change. */
    @Test
    void theRenderFailsWhenTheMostPodsCouldExceedMaxConnections() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("consent.autoscaling.maxReplicas", 12).yaml());
        assertTrue(e.getMessage().contains("consent-service's database may need 227 connections (2 PgBouncer pods x 14 pods x "
                + "consent.database.poolSize 8, + 3 reserved), more than cnpg.maxConnections 200: lower consent.database.poolSize "
                + "or its autoscaling.maxReplicas or cnpg.pooler.instances, or raise cnpg.maxConnections"), e.getMessage());
        // ... and raising max_connections (or lowering the pool) is the way out.
        Chart.production().set("consent.autoscaling.maxReplicas", 12).set("cnpg.maxConnections", 240).yaml();
    }
}
