package org.kidsafe.consent.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One emailed confirmation code, single use and short-lived; only its hash is kept. */
@Entity
@Table(name = "email_challenge")
public class EmailChallenge {

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "code_hash", nullable = false)
    public String codeHash;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** The notice version mailed with this code; null for a code mailed before notices were sent (V16). */
    @Column(name = "notice_version")
    public Integer noticeVersion;

    @Column(name = "notice_hash")
    public String noticeHash;

    /** The language of the notice text that {@code noticeHash} names (issue 19 item 10); null: English, or none sent. */
    @Column(name = "notice_language")
    public String noticeLanguage;
}
