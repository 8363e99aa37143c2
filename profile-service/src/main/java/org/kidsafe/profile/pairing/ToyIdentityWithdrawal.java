package org.kidsafe.profile.pairing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kidsafe.events.leases.LeasedRow;

import java.time.Instant;
import java.util.UUID;

/**
 * A toy identity to delete at the identity provider, written in the transaction that ends the toy's binding
 * (or before a new identity is created, by username, until its pairing commits): durable, so an outage or a
 * crash never leaves a live identity for an unpaired or erased toy. Holds no child id. Its {@code due_at} also holds
 * back a reservation until its pairing could have committed ({@link ToyIdentityWithdrawals#reserve}).
 */
@Entity
@Table(name = "toy_identity_withdrawal")
public class ToyIdentityWithdrawal extends LeasedRow {

    @Id
    public UUID id;

    /** The user's id at the identity provider, when known. */
    @Column(name = "identity_id")
    public String identityId;

    /** The user's username, for an identity whose id was never recorded (a pairing that did not commit). */
    @Column
    public String username;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static ToyIdentityWithdrawal of(String identityId, String username, Instant dueAt, Instant now) {
        ToyIdentityWithdrawal withdrawal = new ToyIdentityWithdrawal();
        withdrawal.id = UUID.randomUUID();
        withdrawal.identityId = identityId;
        withdrawal.username = username;
        withdrawal.dueAt = dueAt;
        withdrawal.createdAt = now;
        return withdrawal;
    }
}
