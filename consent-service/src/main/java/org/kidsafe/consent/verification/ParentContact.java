package org.kidsafe.consent.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The parent's email, collected only to seek and confirm consent (16 CFR 312.5(c)(1)). */
@Entity
@Table(name = "parent_contact")
public class ParentContact {

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    @Column(nullable = false)
    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "reminder_due_at")
    public Instant reminderDueAt;

    @Column(name = "reminder_sent_at")
    public Instant reminderSentAt;

    /** When this verified parent, with no child and no consent, was told their data will be purged (IdleParents). */
    @Column(name = "idle_reminder_sent_at")
    public Instant idleReminderSentAt;
}
