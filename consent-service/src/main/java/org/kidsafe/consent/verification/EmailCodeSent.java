package org.kidsafe.consent.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One emailed code, as the cooldowns count it (issue 17 item 3): who asked, a keyed fingerprint of the address
 * ({@link AddressFingerprints}, never the address) and when. Kept only as long as a cooldown looks back
 * ({@link EmailCodeSentPurge}).
 */
@Entity
@Table(name = "email_code_sent")
public class EmailCodeSent {

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "address_fingerprint", nullable = false)
    public byte[] addressFingerprint;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;
}
