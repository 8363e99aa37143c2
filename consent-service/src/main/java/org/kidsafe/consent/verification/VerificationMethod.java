package org.kidsafe.consent.verification;

import org.kidsafe.events.DataCategory;

import java.util.Set;

/**
 * A way to verify that the person consenting is the child's parent (16 CFR 312.5(b)). Each method
 * has an assurance level and unlocks the categories it is strong enough for.
 * <p>
 * Implemented: {@link EmailPlusVerification} (level 1, internal-use categories only) and
 * {@link SignedConsentFormVerification} (level 2, every category). Extension points, deliberately not
 * implemented until a real provider is integrated (see README): a card or online payment
 * transaction, knowledge-based questions, a government ID matched to a live photo (both deleted
 * after the check), a call with trained staff. Each becomes one more bean of this interface.
 */
public interface VerificationMethod {

    /** Stable name, recorded with each consent, e.g. {@code email-plus}. */
    String name();

    /** Higher is stronger. */
    int assuranceLevel();

    /** The categories a parent verified this way may consent to. */
    Set<DataCategory> unlocks();
}
