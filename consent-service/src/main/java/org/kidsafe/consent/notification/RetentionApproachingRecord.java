package org.kidsafe.consent.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** media-service's latest {@code RetentionApproaching} for a child: the counts the weekly digest reports. */
@Entity
@Table(name = "retention_approaching")
public class RetentionApproachingRecord {

    @Id
    @Column(name = "child_id")
    public UUID childId;

    /** Items purged before {@link #until}, per category, as JSON counts, e.g. {"PHOTOS":3}. */
    @Column(nullable = false)
    public String items;

    @Column(name = "earliest_purge_at", nullable = false)
    public Instant earliestPurgeAt;

    @Column(nullable = false)
    public Instant until;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;
}
