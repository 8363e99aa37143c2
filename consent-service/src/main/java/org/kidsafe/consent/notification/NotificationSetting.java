package org.kidsafe.consent.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A parent's notification choices (issue 19 item 8); a parent without a row has the defaults. */
@Entity
@Table(name = "notification_setting")
public class NotificationSetting {

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    /** Whether the weekly digest of data about to reach its retention limit is mailed (opt-out: on by default). */
    @Column(name = "retention_digest", nullable = false)
    public boolean retentionDigest;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
