package org.kidsafe.consent.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One position of the append-only audit chain (issue 21 item 3): entry {@code entryId} at {@code seq}, with a hash over
 * the position, the entry's content and the previous hash ({@link Ledger#hashOf}), so editing or removing an entry or a
 * link breaks the chain from there on. Written by {@link LedgerChain} only (its {@code horizon} column too, natively);
 * the service may only add and read links (migration V14).
 */
@Entity
@Table(name = "ledger_link")
public class LedgerLink {

    @Id
    public long seq;

    @Column(name = "entry_id", nullable = false)
    public long entryId;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(nullable = false)
    public String hash;
}
