package org.kidsafe.consent.ledger;

import java.time.Instant;

/**
 * What a signed ledger head states: the chain issued by {@code iss} had entry {@code seq} with {@code hash} (which covers
 * every entry before it) when it was verified and signed at {@code signedAt}. Ids and hashes only.
 */
public record LedgerHeadClaims(String iss, long seq, String hash, Instant signedAt) {
}
