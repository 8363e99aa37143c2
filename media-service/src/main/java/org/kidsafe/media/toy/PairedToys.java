package org.kidsafe.media.toy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;

import java.time.Instant;
import java.util.UUID;

/** Which toys may act for which child, from profile-service's pairing events. */
@ApplicationScoped
public class PairedToys {

    private final PairedDeviceRepository devices;

    PairedToys(PairedDeviceRepository devices) {
        this.devices = devices;
    }

    /**
     * Refuses (403) a toy token whose device is not paired to the child it names, even before the token expires.
     * The token's {@code device_id} is the device's pseudonym.
     */
    @Transactional(TxType.SUPPORTS)
    public void requirePaired(String devicePseudonym, UUID childId) {
        if (!devices.isPaired(devicePseudonym, childId)) {
            throw ProblemException.forbidden("toy-not-paired", "This toy is not paired with this child.");
        }
    }

    /** Records a pairing change unless a newer one is already known. Runs in the consumer's transaction. */
    @Transactional(TxType.MANDATORY)
    public void record(String devicePseudonym, UUID childId, boolean paired, Instant changedAt) {
        PairedDevice device = devices.findByIdOptional(devicePseudonym).orElse(null);
        if (device == null) {
            device = new PairedDevice();
            device.devicePseudonym = devicePseudonym;
        } else if (device.changedAt.isAfter(changedAt)) {
            return;
        }
        device.childId = childId;
        device.paired = paired;
        device.changedAt = changedAt;
        devices.persist(device);
    }
}
