package org.kidsafe.profile.profile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The minimal profile of a child. Personal fields hold AES-GCM ciphertext under the child's data
 * key; the display name's uniqueness is checked on a keyed fingerprint, never on the name.
 */
@Entity
@Table(name = "child_profile")
public class ChildProfile {

    @Id
    @Column(name = "child_id")
    public UUID childId;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "display_name", nullable = false)
    public byte[] displayName;

    @Column(name = "name_fingerprint", nullable = false)
    public byte[] nameFingerprint;

    /** How {@link #nameFingerprint} was made ({@code Fingerprints.SCHEME}); 1 until the migration recomputes it (V5). */
    @Column(name = "name_fingerprint_version", nullable = false)
    public short nameFingerprintVersion;

    @Enumerated(EnumType.STRING)
    @Column(name = "age_band")
    public AgeBand ageBand;

    /** Encrypted {@code YYYY-MM}; never a full date of birth. */
    @Column(name = "birth_year_month")
    public byte[] birthYearMonth;

    @Column(name = "preferred_language", nullable = false)
    public byte[] preferredLanguage;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Avatar avatar;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Last parent or toy activity; the inactivity purge counts from here. */
    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;
}
