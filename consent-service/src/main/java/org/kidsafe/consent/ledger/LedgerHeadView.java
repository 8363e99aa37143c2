package org.kidsafe.consent.ledger;

import java.time.Instant;

/** The latest signed head as {@code GET /v1/ledger/head} publishes it; {@code jws} is what to keep and show later. */
public record LedgerHeadView(long seq, String hash, Instant signedAt, String keyId, String jws) {

    static LedgerHeadView of(LedgerHead head) {
        return new LedgerHeadView(head.seq, head.hash, head.signedAt, head.keyId, head.jws);
    }
}
