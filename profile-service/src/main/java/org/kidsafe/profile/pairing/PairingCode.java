package org.kidsafe.profile.pairing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A short-lived, single-use code that lets one toy pair with one child. Only its keyed hash is stored. */
@Entity
@Table(name = "pairing_code")
public class PairingCode {

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "code_hash", nullable = false)
    public byte[] codeHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    public boolean redeemableAt(Instant now) {
        return redeemedAt == null && now.isBefore(expiresAt);
    }
}
