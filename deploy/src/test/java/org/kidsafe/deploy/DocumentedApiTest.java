package org.kidsafe.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21 item 7, for the operators whose resource definitions no Maven Central artifact carries: CloudNativePG
 * (postgresql.cnpg.io/v1 Cluster and Pooler) and the Keycloak Operator (k8s.keycloak.org/v2alpha1 Keycloak and
 * KeycloakRealmImport; Keycloak publishes its CRDs only in its keycloak-k8s-resources repository). Every field the chart
 * renders must be one of their documented API references lists (CloudNativePG's "API Reference" and "Connection
 * pooling", whose PgBouncer parameters are the operator's admission allowlist; Keycloak's "Advanced configuration" of the
 * Operator guide), with the documented values where the API has a fixed set. This is a transcription, not the
 * operators' schemas: a field the chart adds must be looked up and added here.
 */
class DocumentedApiTest {

    /** kind -> documented field paths ([] = a list item); a path ending in ".*" takes any keys below it. */
    private static final Map<String, Set<String>> DOCUMENTED = Map.of(
            "Cluster", Set.of("spec.instances", "spec.imageName", "spec.enableSuperuserAccess",
                    "spec.bootstrap.initdb.database", "spec.bootstrap.initdb.owner", "spec.bootstrap.initdb.secret.name",
                    "spec.managed.roles[].name", "spec.managed.roles[].ensure", "spec.managed.roles[].login",
                    "spec.managed.roles[].inherit", "spec.managed.roles[].passwordSecret.name",
                    "spec.storage.size", "spec.storage.storageClass", "spec.resources.requests.*", "spec.resources.limits.*",
                    "spec.postgresql.parameters.max_connections", "spec.certificates.serverAltDNSNames[]"),
            "Pooler", Set.of("spec.cluster.name", "spec.instances", "spec.type", "spec.pgbouncer.poolMode",
                    // CloudNativePG's AllowedPgbouncerGenericConfigurationParameters holds these (and more)
                    "spec.pgbouncer.parameters.max_client_conn", "spec.pgbouncer.parameters.default_pool_size",
                    "spec.pgbouncer.parameters.max_db_connections"),
            "Keycloak", Set.of("spec.instances", "spec.image", "spec.startOptimized", "spec.db.vendor", "spec.db.host",
                    "spec.db.port", "spec.db.database", "spec.db.poolMaxSize", "spec.db.usernameSecret.name", "spec.db.usernameSecret.key",
                    "spec.db.passwordSecret.name", "spec.db.passwordSecret.key", "spec.http.tlsSecret", "spec.http.httpEnabled",
                    "spec.hostname.hostname", "spec.hostname.strict", "spec.proxy.headers", "spec.ingress.enabled",
                    "spec.ingress.className", "spec.resources.requests.*", "spec.resources.limits.*"),
            "KeycloakRealmImport", Set.of("spec.keycloakCRName", "spec.realm.*"));

    /** Fields with a documented set of values: path -> the set. */
    private static final Map<String, Set<String>> VALUES = Map.of(
            "Pooler spec.type", new TreeSet<>(Set.of("rw", "ro", "r")),
            "Pooler spec.pgbouncer.poolMode", new TreeSet<>(Set.of("session", "transaction")),
            "Cluster spec.managed.roles[].ensure", new TreeSet<>(Set.of("present", "absent")),
            "Keycloak spec.db.vendor", new TreeSet<>(Set.of("postgres")),
            "Keycloak spec.proxy.headers", new TreeSet<>(Set.of("forwarded", "xforwarded")));

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldTheChartSetsIsDocumented() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Chart.Render render : List.of(Chart.production(), Chart.production().set("cnpg.pooler.enabled", false)
                .set("cnpg.imageName", "ghcr.io/cloudnative-pg/postgresql:17.2").set("cnpg.storage.storageClass", "fast")
                .set("keycloak.tlsSecret", "").set("keycloak.hostname", "").set("global.mode", "development")
                .set("keycloak.ingress.enabled", true).set("keycloak.ingress.className", "nginx")
                .set("keycloak.resources.limits.memory", "1Gi"))) {
            for (String document : Manifests.documents(render.yaml())) {
                Map<String, Object> object = Manifests.SERIALIZATION.unmarshal(document, Map.class);
                String kind = String.valueOf(object.get("kind"));
                if (DOCUMENTED.containsKey(kind)) {
                    seen.add(kind);
                    problems.addAll(undocumented(kind, object));
                }
            }
        }
        assertEquals(DOCUMENTED.keySet(), seen);
        assertEquals(List.of(), problems);
    }

    @Test
    void aFieldOrAValueOutsideTheDocumentedApiIsFound() {
        Map<String, Object> pooler = Map.of("kind", "Pooler", "spec", Map.of("cluster", Map.of("name", "c"), "type", "rw",
                "pgbouncer", Map.of("poolmode", "session", "parameters", Map.of("pool_mode", "transaction"))));
        assertEquals(List.of("Pooler spec.pgbouncer.parameters.pool_mode is not documented",
                "Pooler spec.pgbouncer.poolmode is not documented"), undocumented("Pooler", pooler));
        assertEquals(List.of("Pooler spec.type = rw-ro, documented: [r, ro, rw]"),
                undocumented("Pooler", Map.of("spec", Map.of("type", "rw-ro"))));
    }

    private static List<String> undocumented(String kind, Map<String, Object> object) {
        List<String> problems = new ArrayList<>();
        walk(kind, "spec", object.get("spec"), problems);
        return problems.stream().sorted().toList();
    }

    private static void walk(String kind, String path, Object value, List<String> problems) {
        Set<String> documented = DOCUMENTED.get(kind);
        if (documented.stream().anyMatch(d -> d.endsWith(".*") && path.startsWith(d.substring(0, d.length() - 1)))) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(kind, path + "." + k, v, problems));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> walk(kind, path + "[]", item, problems));
        } else if (!documented.contains(path)) {
            problems.add(kind + " " + path + " is not documented");
        } else if (VALUES.containsKey(kind + " " + path) && !VALUES.get(kind + " " + path).contains(String.valueOf(value))) {
            problems.add(kind + " " + path + " = " + value + ", documented: " + VALUES.get(kind + " " + path));
        }
    }
}
