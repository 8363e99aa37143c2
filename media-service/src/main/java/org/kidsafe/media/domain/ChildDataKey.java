package org.kidsafe.media.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A child's AES-256 data key, wrapped by the KEK; the plaintext key is never stored. */
@Entity
@Table(name = "child_data_key")
public class ChildDataKey {

    @Id
    @Column(name = "child_id")
    public UUID childId;

    @Column(name = "kek_id", nullable = false)
    public String kekId;

    @Column(name = "wrapped_key", nullable = false)
    public byte[] wrappedKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
