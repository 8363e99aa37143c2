package org.kidsafe.media.toy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * This service's projection of a toy's pairing, from profile-service's ToyPaired/ToyUnpaired v2. The device is
 * known only by its pseudonym (issue 16), which is also the {@code device_id} claim of the toy's tokens.
 */
@Entity
@Table(name = "paired_device")
public class PairedDevice {

    @Id
    @Column(name = "device_pseudonym")
    public String devicePseudonym;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(nullable = false)
    public boolean paired;

    /** When the change happened at profile-service; an older event never overwrites a newer one. */
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}
