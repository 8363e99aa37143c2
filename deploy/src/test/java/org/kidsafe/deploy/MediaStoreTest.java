package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media-service's blob store: a PersistentVolumeClaim, an emptyDir or an existing claim (the chart does not offer the service's S3 store yet). */
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

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theStoreDirectoryIsAlwaysSetAndMounted(Scenario scenario) {
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
