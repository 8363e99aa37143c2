package org.kidsafe.consent.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A parent's Keycloak user that must go, kept until Keycloak deleted it (issue 19 item 5). Ids and times only. */
@Entity
@Table(name = "parent_account_deletion")
public class AccountDeletion {

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

    /** When the next attempt is due; pushed past a lease while one runs, and further out after each failure. */
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(nullable = false)
    public int attempts;
}
