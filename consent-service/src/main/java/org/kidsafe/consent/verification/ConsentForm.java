package org.kidsafe.consent.verification;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed consent form a parent uploaded: its file, cleaned of metadata and sealed under the parent's data key
 * ({@link ConsentFormSeal}), exists only while the form is pending; a decision, the deadline
 * ({@link VerificationSettings#formExpiry}) or the purge of the parent's contact deletes it (issue 18 item 2).
 */
@Entity
@Table(name = "consent_form")
public class ConsentForm {

    /** EXPIRED: nobody decided within the deadline; the file was deleted and the parent told. */
    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "content_type")
    public String contentType;

    /**
     * The cleaned file, sealed under the parent's data key; null once the form is decided or expired. Loaded only when
     * read (the file), so a page of up to 200 listed forms does not pull up to 4 MiB each (issue 20 item 4).
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "sealed_content")
    public byte[] sealedContent;

    @Column(name = "size_bytes")
    public Integer sizeBytes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "reviewer_id")
    public UUID reviewerId;

    /**
     * The notice mailed to the parent as the form's receipt (issue 19 item 2); null when they gave no address, the mail
     * failed, or the form came before notices were sent (V16). An approval hands it to the verification.
     */
    @Column(name = "notice_version")
    public Integer noticeVersion;

    @Column(name = "notice_hash")
    public String noticeHash;

    /** The language of the notice text that {@code noticeHash} names (issue 19 item 10); null: English, or none sent. */
    @Column(name = "notice_language")
    public String noticeLanguage;

    @Column(name = "notice_sent_at")
    public Instant noticeSentAt;

    /** The form expired and its parent has not been told yet (the mail is sent after the expiry commits). */
    @Column(name = "expiry_notice_due", nullable = false)
    public boolean expiryNoticeDue;
}
