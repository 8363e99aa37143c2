package org.kidsafe.profile.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A child's data key, only ever stored wrapped by a KEK. Deleting the row crypto-shreds the child's fields. */
@Entity
@Table(name = "child_key")
public class ChildKey {

    @Id
    @Column(name = "child_id")
    public UUID childId;

    /** Which KEK wrapped this key, so keys survive a KEK rotation. */
    @Column(name = "kek_id", nullable = false)
    public String kekId;

    @Column(name = "wrapped_key", nullable = false)
    public byte[] wrappedKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
