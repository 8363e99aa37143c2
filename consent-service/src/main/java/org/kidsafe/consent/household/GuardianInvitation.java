package org.kidsafe.consent.household;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation to become a child's guardian (issue 19 item 4): who sent it, a masked hint of the address it went to
 * (the address itself is not kept), and the SHA-256 of its random token; deleted when accepted or cancelled.
 */
@Entity
@Table(name = "guardian_invitation")
public class GuardianInvitation {

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Column(name = "invited_by", nullable = false)
    public UUID invitedBy;

    @Column(name = "email_hint", nullable = false)
    public String emailHint;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
