package org.kidsafe.consent.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.UUID;

/** One parent's consent for one child and one data category, from grant until revocation. */
@Entity
@Table(name = "consent_record")
public class ConsentRecord {

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DataCategory category;

    @Column(name = "notice_version", nullable = false)
    public int noticeVersion;

    /** SHA-256 of the exact notice text the parent agreed to. */
    @Column(name = "notice_hash")
    public String noticeHash;

    /** The language of the notice text that {@code noticeHash} names (issue 19 item 10); null: English, or none sent. */
    @Column(name = "notice_language")
    public String noticeLanguage;

    /**
     * When the notice named here was emailed to the parent (issue 19 item 2); null when it was only served: the verification
     * behind the consent mailed no notice (a signed form) or came before notices were sent (V16).
     */
    @Column(name = "notice_sent_at")
    public Instant noticeSentAt;

    /** The verification method that backed this consent, e.g. {@code email-plus}. */
    @Column(name = "verification_method")
    public String verificationMethod;

    @Column(name = "assurance_level", nullable = false)
    public int assuranceLevel;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /**
     * The deadline to renew this consent under the current notice after a material change (issue 19 item 3); when it
     * passes, the consent lapses (revoked, collection stops). Null: valid as it is.
     */
    @Column(name = "renewal_due_at")
    public Instant renewalDueAt;

    /** When the parent was emailed that this consent needs renewal, with the current notice; null: not (yet) mailed. */
    @Column(name = "renewal_mailed_at")
    public Instant renewalMailedAt;

    public boolean isActive() {
        return revokedAt == null;
    }
}
