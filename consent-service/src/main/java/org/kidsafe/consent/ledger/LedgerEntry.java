package org.kidsafe.consent.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * What one step recorded, written in that step's transaction without a lock (issue 21 item 3); its place in the hash
 * chain, and the hash covering it, are its {@link LedgerLink}, written by {@link LedgerChain} once it has committed.
 */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

    /** Orders entries for the chainer only; the chain position is the link's. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ledger_entry_id")
    @SequenceGenerator(name = "ledger_entry_id", sequenceName = "ledger_entry_id_seq", allocationSize = 1)
    public long id;

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
}
