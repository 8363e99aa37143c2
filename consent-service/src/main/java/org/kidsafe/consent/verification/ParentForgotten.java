package org.kidsafe.consent.verification;

import java.util.UUID;

/**
 * Fired in the transaction where {@link ParentRecords#forget} deletes a parent's records, so that a feature keeping
 * its own records about the parent (notification choices, pending mails) deletes them too, without this package
 * knowing each one.
 */
public record ParentForgotten(UUID parentId) {
}
