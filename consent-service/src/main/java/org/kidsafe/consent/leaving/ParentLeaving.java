package org.kidsafe.consent.leaving;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** A parent who asked to leave (issue 19 item 5), with the erasures started for them; ids and times only. */
@Entity
@Table(name = "parent_leaving")
public class ParentLeaving {

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** When the receipts were mailed and the parent's own records deleted; the account goes next. */
    @Column(name = "data_deleted_at")
    public Instant dataDeletedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "parent_leaving_erasure", joinColumns = @JoinColumn(name = "parent_id"))
    @Column(name = "erasure_id", nullable = false)
    public Set<UUID> erasureIds = new LinkedHashSet<>();
}
