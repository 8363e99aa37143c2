package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 3 in the chart: consent-service's schema is migrated, and its ledger pruned, by a task logged in as the
 * owner role, whose secret only that task's containers mount; the service's own container never sees it.
 */
class OwnerSplitTest {

    private static final Manifests M = Scenario.PRODUCTION.manifests();
    private static final String OWNER_SECRET = "kidsafe-consent-db-owner";

    @Test
    void theMigrationRunsAsTheOwnerInAnInitContainerAndTheServiceNeverMountsTheOwnersSecret() {
        Deployment consent = M.deployment("consent-service");
        PodSpec pod = consent.getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getInitContainers().size());
        Container migrate = pod.getInitContainers().get(0);
        assertEquals("migrate", migrate.getName());
        assertOwnerTask(migrate);
        assertEquals(Manifests.container(consent).getImage(), migrate.getImage(), "the same application");
        assertTrue(migrate.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("kek") && m.getMountPath().equals("/etc/kidsafe/kek")),
                "V6_1 seals the previous release's signed forms under the service's KEK");

        Container service = Manifests.container(consent);
        assertFalse(service.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("database-owner-password")));
        assertFalse(String.valueOf(service.getEnv()).contains(OWNER_SECRET));
        assertEquals("kidsafe-consent-db/username", Manifests.secretEnv(consent).get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("P3Y", M.configEnv(consent).get("KIDSAFE_LEDGER_KEEP_FOR"));

        for (String other : List.of("profile-service", "media-service")) {
            assertTrue(M.deployment(other).getSpec().getTemplate().getSpec().getInitContainers().isEmpty(),
                    other + " still migrates as its own role");
        }
    }

    @Test
    void theLedgerIsPrunedByACronJobAsTheOwnerThatNoServiceRoutesTo() {
        List<CronJob> cronJobs = M.ofType(CronJob.class);
        assertEquals(1, cronJobs.size());
        CronJob prune = cronJobs.get(0);
        assertEquals("kidsafe-consent-service-ledger-prune", prune.getMetadata().getName());
        assertEquals("30 3 * * *", prune.getSpec().getSchedule());
        assertEquals("Forbid", prune.getSpec().getConcurrencyPolicy());
        PodSpec pod = prune.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getContainers().size());
        assertOwnerTask(pod.getContainers().get(0));
        assertFalse(pod.getContainers().get(0).getVolumeMounts().stream().anyMatch(m -> m.getName().equals("kek")), "the prune needs no KEK");
        // And the public CA certificate of consent's own PostgreSQL cluster, to verify the server (issue 17 item 4).
        assertEquals(List.of("kidsafe-consent-db-ca", OWNER_SECRET), List.copyOf(Manifests.secretsReadBy(pod)),
                "the owner's secret and the database's CA, nothing else");

        Map<String, String> podLabels = prune.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels();
        for (Service service : M.ofType(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertFalse(selector != null && podLabels.entrySet().containsAll(selector.entrySet()),
                    service.getMetadata().getName() + " must not route to the prune task");
        }
        NetworkPolicy policy = M.ofType(NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("kidsafe-consent-service-owner-task")).findFirst().orElseThrow();
        assertEquals(podLabels, policy.getSpec().getPodSelector().getMatchLabels());
        assertTrue(policy.getSpec().getIngress().isEmpty(), "nothing reaches it");
        assertEquals(2, policy.getSpec().getEgress().size(), "DNS and its database");
    }

    private static void assertOwnerTask(Container task) {
        Map<String, String> env = task.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("true", env.get("QUARKUS_INIT_AND_EXIT"));
        assertEquals("true", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"));
        EnvVar username = task.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_USERNAME")).findFirst().orElseThrow();
        assertEquals(OWNER_SECRET, username.getValueFrom().getSecretKeyRef().getName());
        VolumeMount password = task.getVolumeMounts().stream().filter(m -> m.getName().equals("database-owner-password"))
                .findFirst().orElseThrow();
        assertEquals("/etc/kidsafe/secrets/database", password.getMountPath(), "where the application reads its database password");
        assertFalse(task.getVolumeMounts().stream().anyMatch(m -> List.of("signing-key", "kafka-password", "database-password")
                .contains(m.getName())), "no other credential");
    }
}
