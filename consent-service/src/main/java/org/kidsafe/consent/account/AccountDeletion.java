package org.kidsafe.consent.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kidsafe.events.leases.LeasedRow;

import java.time.Instant;
import java.util.UUID;

/**
 * A parent's Keycloak user that must go, kept until Keycloak deleted it (issue 19 item 5). Ids and times only; claimed
 * and retried as a {@link LeasedRow}.
 */
@Entity
@Table(name = "parent_account_deletion")
public class AccountDeletion extends LeasedRow {

    /** Why the account goes: the parent asked to leave, or was purged as an idle parent. */
    public enum Reason { LEFT, IDLE }

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Reason reason;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
