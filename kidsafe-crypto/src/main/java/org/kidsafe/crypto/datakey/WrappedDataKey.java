package org.kidsafe.crypto.datakey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A subject's (a child's; later a parent's) AES-256 data key as stored: only ever wrapped by a KEK.
 * Deleting the row crypto-shreds everything encrypted under the key. Each service keeps this table,
 * {@code data_key}, in its own database (its own Flyway migration creates it).
 */
@Entity
@Table(name = "data_key")
public class WrappedDataKey {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    /**
     * Which key this is. A re-wrap under another KEK keeps it; a key created after the previous one was
     * destroyed gets a new one, so "is this still the key I used?" never depends on the wrapped bytes.
     */
    @Column(name = "generation", nullable = false)
    public UUID generation;

    /** Which KEK wrapped the key, so keys survive a KEK rotation and stale ones can be found and re-wrapped. */
    @Column(name = "kek_id", nullable = false, length = 100)
    public String kekId;

    @Column(name = "wrapped_key", nullable = false)
    public byte[] wrappedKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
