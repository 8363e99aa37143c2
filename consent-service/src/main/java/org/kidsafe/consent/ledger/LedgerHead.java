package org.kidsafe.consent.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A signed chain head and checkpoint (issue 18 item 3): entry {@code seq} had {@code hash} when consent-service verified
 * the chain up to it and signed both with its key ({@code jws}). Published at {@code GET /v1/ledger/head}, so whoever
 * keeps one can later show that the chain no longer contains it; verification starts from the latest one; the owner's
 * prune removes entries below one. The service may only add heads (INSERT and SELECT, migration V7).
 */
@Entity
@Table(name = "ledger_head")
public class LedgerHead {

    @Id
    public long seq;

    @Column(nullable = false)
    public String hash;

    @Column(name = "signed_at", nullable = false)
    public Instant signedAt;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** Compact ES256 JWS over {@link LedgerHeadClaims}, verifiable with {@code GET /v1/keys}. */
    @Column(nullable = false)
    public String jws;
}
