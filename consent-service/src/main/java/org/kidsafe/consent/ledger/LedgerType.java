package org.kidsafe.consent.ledger;

/** What a ledger entry records. */
public enum LedgerType {
    CHILD_REGISTERED,
    CONSENT_GRANTED,
    CONSENT_REVOKED,
    VERIFICATION_CODE_SENT,
    PARENT_VERIFIED,
    VERIFICATION_REMINDER_SENT,
    CONSENT_FORM_SUBMITTED,
    CONSENT_FORM_DECIDED,
    /** Nobody decided the form within its deadline: its file was deleted (issue 18 item 2). */
    CONSENT_FORM_EXPIRED,
    SIGN_UP_ABANDONED,
    ERASURE_REQUESTED,
    ERASURE_OWN_DATA_ERASED,
    ERASURE_REPORT_ACCEPTED,
    ERASURE_PARTICIPANT_OVERDUE,
    ERASURE_COMPLETED,
    ERASURE_REPLAYED,
    PROFILE_EXPIRED,
    IDLE_PARENT_REMINDED,
    IDLE_PARENT_PURGED,
    /** A parent's account was deleted in Keycloak (issue 19 item 5): they left ({@code DELETE /v1/me}) or were purged as idle. */
    PARENT_LEFT,
    /** A leaving parent's erasures all completed: their receipts were mailed and their contact data, forms and codes deleted. */
    PARENT_DATA_DELETED,
    /** Completed erasure sagas past {@code kidsafe.erasure.keep-for} were deleted with their answers and receipts: a count. */
    ERASURE_RECORDS_PURGED,
    /** An officer marked a notice version material (16 CFR 312.4(b), issue 19 item 3): its number, hash and the officer's id. */
    NOTICE_MARKED_MATERIAL,
    /** A consent given under a version older than a material one needs renewal by a deadline: category and versions. */
    CONSENT_RENEWAL_DUE,
    /** The parent was emailed that consents need renewal, with the current notice: the notice version and how many consents. */
    CONSENT_RENEWAL_MAILED,
    /** The parent renewed a consent under the current notice: category, the version it was under and the new one. */
    CONSENT_RENEWED,
    /** A superseded notice version no consent names any more was deleted past the ledger's period. */
    NOTICE_VERSION_PURGED,
    /** Decided or expired consent-form records of parents without contact data were deleted past the ledger's period: a count. */
    CONSENT_FORM_RECORDS_PURGED,
    /**
     * A compliance officer read a parent's signed consent form or its metadata (issue 17 item 3): ids only, the officer's
     * id, the form's id and what was read ({@code action}), never a name or an address.
     */
    OFFICER_READ,
    /** A guardian invited someone to become the child's guardian (issue 19 item 4): the invitation's id; never the address. */
    GUARDIAN_INVITED,
    /** A guardian cancelled a pending invitation: its id. */
    GUARDIAN_INVITATION_CANCELLED,
    /** An invited parent accepted and became the child's guardian (the entry's parent): the invitation and the inviter's id. */
    GUARDIAN_ADDED,
    /** A guardian (the entry's parent) removed a guardian, themselves included, or left KidSafe: the removed parent's id and why. */
    GUARDIAN_REMOVED
}
