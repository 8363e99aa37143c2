package org.kidsafe.profile.pairing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One pairing of a toy with a child. At most one binding per device is PAIRED at a time. */
@Entity
@Table(name = "toy_binding")
public class ToyBinding {

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    /**
     * HMAC of the device id under the deployment's pseudonymisation key: the only form of the device id that
     * leaves this service (events, the toy's token claim {@code device_id}). Null only for bindings of the
     * previous release until {@code DevicePseudonymBackfill} has filled it.
     */
    @Column(name = "device_pseudonym")
    public String devicePseudonym;

    /** The identity provider's id of the toy's user; null for toys paired before toy users (per-toy clients). */
    @Column(name = "identity_id")
    public String identityId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ToyStatus status;

    @Column(name = "paired_at", nullable = false)
    public Instant pairedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public void end(ToyStatus newStatus, Instant at) {
        status = newStatus;
        endedAt = at;
    }
}
