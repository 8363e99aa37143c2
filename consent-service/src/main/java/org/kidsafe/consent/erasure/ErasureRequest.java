package org.kidsafe.consent.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** One erasure saga for a child: consent-service's own part, then every participant's signed answer, then the receipt. */
@Entity
@Table(name = "erasure_request")
public class ErasureRequest {

    public enum Status { PENDING, COMPLETED }

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Convert(converter = CategorySetConverter.class)
    @Column(nullable = false)
    public Set<DataCategory> categories;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "last_asked_at", nullable = false)
    public Instant lastAskedAt;

    @Column(name = "times_asked", nullable = false)
    public int timesAsked;

    /** What consent-service erased itself, as JSON counts, e.g. {"consent-record":2}. */
    @Column(name = "own_erased", nullable = false)
    public String ownErased;

    @Column(name = "own_completed_at", nullable = false)
    public Instant ownCompletedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** The signed receipt (compact JWS), once every participant answered. */
    @Column
    public String receipt;

    /**
     * Optimistic lock (issue 18 item 6, issue 21 item 1): the overdue sweep and a late report both write this row, and
     * without a version the later commit of a stale copy overwrote the other (a PENDING copy over COMPLETED and its
     * receipt, or a report's copy over the sweep's count). Checked by the database on every update, so it holds
     * across replicas; the loser retries ({@link ErasureReportConsumer} through the inbox) or gives way (the sweep).
     */
    @Version
    @Column(nullable = false)
    public long version;
}
