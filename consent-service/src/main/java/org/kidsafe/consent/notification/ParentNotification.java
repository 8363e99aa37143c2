package org.kidsafe.consent.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One mail to one parent (issue 19 item 8), written in the transaction of what it tells and mailed after that commits
 * ({@link ParentNotifications}); {@code (parentId, kind, subjectKey)} is unique, so nothing is told twice.
 */
@Entity
@Table(name = "parent_notification")
public class ParentNotification {

    public enum Kind { ERASURE_COMPLETED, TOY_PAIRED, TOY_UNPAIRED, RETENTION_DIGEST }

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** What it is about: the erasure's id, the event's id, or the digest's week (its Monday). */
    @Column(name = "subject_key", nullable = false)
    public String subjectKey;

    @Column(name = "child_id")
    public UUID childId;

    /** The erasure's signed receipt, or the digest's counts as JSON. */
    @Column
    public String payload;

    /** The address of a parent whose contact was deleted with their last child, kept until the erasure's receipt is mailed. */
    @Column
    public String address;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "ready_at")
    public Instant readyAt;

    @Column(name = "mailed_at")
    public Instant mailedAt;
}
