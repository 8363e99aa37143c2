package org.kidsafe.consent.ledger;

import org.kidsafe.commons.problem.ProblemException;

/** A ledger head that is not one this service signed (forged, altered, or not a JWS): 422 {@code ledger-head-invalid}. */
public class LedgerHeadRefusedException extends ProblemException {

    LedgerHeadRefusedException(String detail) {
        super(422, "ledger-head-invalid", "Not a ledger head signed by this service", detail);
    }
}
