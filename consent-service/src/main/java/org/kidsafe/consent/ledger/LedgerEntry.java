package org.kidsafe.consent.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One link of the append-only audit chain; its hash covers every field and the previous hash. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

    @Id
    public long seq;

    @Column(nullable = false)
    public String type;

    @Column(name = "child_id")
    public UUID childId;

    @Column(name = "parent_id")
    public UUID parentId;

    /** JSON with ids, codes and counts only, never a child's personal information. */
    @Column(nullable = false)
    public String details;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(nullable = false)
    public String hash;
}
