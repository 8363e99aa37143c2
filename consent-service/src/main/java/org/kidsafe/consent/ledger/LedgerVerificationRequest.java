package org.kidsafe.consent.ledger;

import java.util.List;

/** Signed heads kept from earlier ({@code GET /v1/ledger/head}'s {@code jws}), which the chain must still contain. */
public record LedgerVerificationRequest(List<String> heads) {
}
