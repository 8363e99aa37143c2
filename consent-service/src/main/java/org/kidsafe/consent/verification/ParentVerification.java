package org.kidsafe.consent.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A parent passed one verification method: the outcome only, never the evidence. */
@Entity
@Table(name = "parent_verification")
public class ParentVerification {

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(nullable = false)
    public String method;

    @Column(name = "assurance_level", nullable = false)
    public int assuranceLevel;

    @Column(name = "verified_at", nullable = false)
    public Instant verifiedAt;

    /**
     * The notice mailed with the code the parent last confirmed (issue 19 item 2), which consents this verification backs
     * name; all three null for a method that mails none (a signed form) or a verification from before notices were sent.
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
}
