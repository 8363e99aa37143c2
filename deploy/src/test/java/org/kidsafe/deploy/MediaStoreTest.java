package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media-service's blob store: a PersistentVolumeClaim, an emptyDir, an existing claim, or an S3-compatible bucket. */
class MediaStoreTest {

    private static final String MEDIA_DIR = "/var/lib/kidsafe/media";

    private static Optional<Volume> storeVolume(Deployment d) {
        Optional<VolumeMount> mount = Manifests.container(d).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(MEDIA_DIR)).findFirst();
        return mount.flatMap(m -> d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(m.getName())).findFirst());
    }

    @Test
    void byDefaultTheFilesystemStoreIsAPersistentVolumeClaimMountedAtTheMediaDirectory() {
        Manifests m = Scenario.DEFAULT.manifests();
        Deployment media = m.deployment("media-service");
        Volume volume = storeVolume(media).orElseThrow(() -> new AssertionError("no volume at " + MEDIA_DIR));
        assertNotNull(volume.getPersistentVolumeClaim());
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = m.ofType(PersistentVolumeClaim.class).stream()
                .filter(p -> p.getMetadata().getName().equals(claim)).findFirst()
                .orElseThrow(() -> new AssertionError("claim " + claim + " is not rendered"));
        assertEquals(List.of("ReadWriteOnce"), pvc.getSpec().getAccessModes());
        assertEquals("Recreate", media.getSpec().getStrategy().getType(), "an RWO volume cannot be attached twice");
        Map<String, String> config = m.configEnv(media);
        assertEquals(MEDIA_DIR, config.get("KIDSAFE_MEDIA_STORE_DIRECTORY"));
        for (String other : List.of("consent-service", "profile-service", "gateway")) {
            assertTrue(storeVolume(m.deployment(other)).isEmpty(), other + " must not mount the media store");
        }
    }

    @Test
    void anEmptyDirWhenPersistenceIsOff() {
        Manifests m = Scenario.MINIMAL.manifests();
        Volume volume = storeVolume(m.deployment("media-service")).orElseThrow();
        assertNotNull(volume.getEmptyDir());
        assertTrue(m.ofType(PersistentVolumeClaim.class).isEmpty());
    }

    @Test
    void anExistingClaimIsMountedAndNotRendered() {
        Manifests m = Chart.defaults().set("media.store.persistence.existingClaim", "media-blobs").manifests();
        assertEquals("media-blobs",
                storeVolume(m.deployment("media-service")).orElseThrow().getPersistentVolumeClaim().getClaimName());
        assertTrue(m.ofType(PersistentVolumeClaim.class).isEmpty());
    }

    /** A MinIO-style bucket in the cluster, the production render otherwise. */
    private static Chart.Render s3Store() {
        return Chart.production()
                .set("media.store.type", "s3")
                .set("media.store.s3.bucket", "kidsafe-media")
                .set("media.store.s3.endpoint", "http://minio.storage:9000")
                .set("media.store.s3.pathStyle", true)
                .set("media.store.s3.existingSecret", "kidsafe-media-s3")
                .set("media.store.s3.networkPolicy.namespaceLabels.kubernetes\\.io/metadata\\.name", "storage")
                .set("media.store.s3.networkPolicy.ports[0]", 9000);
    }

    @Test
    void anS3StoreIsConfiguredWithItsOwnCredentialsAndNoVolume() {
        Manifests m = s3Store().manifests();
        Deployment media = m.deployment("media-service");
        Map<String, String> config = m.configEnv(media);
        assertEquals("s3", config.get("KIDSAFE_MEDIA_STORE_TYPE"));
        assertEquals("kidsafe-media", config.get("KIDSAFE_MEDIA_STORE_S3_BUCKET"));
        assertEquals("http://minio.storage:9000", config.get("KIDSAFE_MEDIA_STORE_S3_ENDPOINT"));
        assertEquals("true", config.get("KIDSAFE_MEDIA_STORE_S3_PATH_STYLE"));
        assertFalse(config.containsKey("KIDSAFE_MEDIA_STORE_S3_REGION"), "an empty region leaves the SDK's chain");
        assertFalse(config.containsKey("KIDSAFE_MEDIA_STORE_DIRECTORY"));
        Map<String, String> secrets = Manifests.secretEnv(media);
        assertEquals("kidsafe-media-s3/access-key-id", secrets.get("KIDSAFE_MEDIA_S3_ACCESS_KEY_ID"));
        assertEquals("kidsafe-media-s3/secret-access-key", secrets.get("KIDSAFE_MEDIA_S3_SECRET_ACCESS_KEY"));
        assertTrue(storeVolume(media).isEmpty());
        assertTrue(m.ofType(PersistentVolumeClaim.class).isEmpty(), "no claim for a bucket");
        assertEquals("RollingUpdate", media.getSpec().getStrategy().getType());
        for (String other : List.of("consent-service", "profile-service", "gateway")) {
            assertFalse(Manifests.secretsReadBy(m.deployment(other).getSpec().getTemplate().getSpec()).contains("kidsafe-media-s3"),
                    other + " must not read media-service's S3 credentials");
        }
    }

    @Test
    void withoutAnS3SecretTheSdkDefaultChainApplies() {
        Deployment media = s3Store().set("media.store.s3.existingSecret", "").manifests().deployment("media-service");
        assertTrue(Manifests.secretEnv(media).keySet().stream().noneMatch(k -> k.startsWith("KIDSAFE_MEDIA_S3_")));
    }

    @Test
    void onlyMediaServiceMayReachTheBucket() {
        Manifests m = s3Store().manifests();
        for (NetworkPolicy policy : m.ofType(NetworkPolicy.class)) {
            boolean reachesStorage = Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of()).stream()
                    .map(NetworkPolicyEgressRule::getTo).flatMap(List::stream)
                    .anyMatch(peer -> peer.getNamespaceSelector() != null
                            && "storage".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
            assertEquals(policy.getMetadata().getName().endsWith("media-service"), reachesStorage, policy.getMetadata().getName());
        }
    }

    @Test
    void anS3StoreNeedsABucketAndAnEgressPeer() {
        IllegalStateException noBucket = assertThrows(IllegalStateException.class,
                () -> s3Store().set("media.store.s3.bucket", "").yaml());
        assertTrue(noBucket.getMessage().contains("media.store.s3.bucket"), noBucket.getMessage());
        IllegalStateException noPeer = assertThrows(IllegalStateException.class,
                () -> Chart.production().set("media.store.type", "s3").set("media.store.s3.bucket", "kidsafe-media").yaml());
        assertTrue(noPeer.getMessage().contains("media.store.s3.networkPolicy"), noPeer.getMessage());
    }

    @Test
    void anS3StoreScalesWithoutASharedVolume() {
        Manifests m = Chart.defaults().set("media.replicaCount", 3).set("media.store.type", "s3")
                .set("media.store.s3.bucket", "kidsafe-media").set("media.store.s3.networkPolicy.cidrs[0]", "198.51.100.0/24")
                .manifests();
        assertEquals(3, m.deployment("media-service").getSpec().getReplicas());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theFilesystemStoreDirectoryIsAlwaysSetAndMounted(Scenario scenario) {
        Deployment media = scenario.manifests().deployment("media-service");
        assertEquals(MEDIA_DIR, scenario.manifests().configEnv(media).get("KIDSAFE_MEDIA_STORE_DIRECTORY"));
        assertTrue(storeVolume(media).isPresent(), "KIDSAFE_MEDIA_STORE_DIRECTORY must be on a volume");
        VolumeMount mount = Manifests.container(media).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(MEDIA_DIR)).findFirst().orElseThrow();
        assertTrue(!Boolean.TRUE.equals(mount.getReadOnly()), "media-service writes its blobs there");
    }

    @Test
    void severalReplicasShareAReadWriteManyClaim() {
        Manifests m = Scenario.PRODUCTION.manifests();
        Deployment media = m.deployment("media-service");
        String claim = storeVolume(media).orElseThrow().getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = m.ofType(PersistentVolumeClaim.class).stream()
                .filter(p -> p.getMetadata().getName().equals(claim)).findFirst().orElseThrow();
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertEquals("RollingUpdate", media.getSpec().getStrategy().getType());
    }

    @Test
    void aReadWriteOnceStoreCannotBeSharedByReplicas() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.defaults().set("media.replicaCount", 2).yaml());
        assertTrue(e.getMessage().contains("cannot be shared by several replicas"), e.getMessage());
        Manifests m = Chart.defaults().set("media.replicaCount", 2)
                .set("media.store.persistence.accessModes[0]", "ReadWriteMany").manifests();
        assertEquals(2, m.deployment("media-service").getSpec().getReplicas());
    }
}
