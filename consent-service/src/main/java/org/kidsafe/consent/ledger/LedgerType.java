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
    PROFILE_EXPIRED,
    IDLE_PARENT_REMINDED,
    IDLE_PARENT_PURGED
}
