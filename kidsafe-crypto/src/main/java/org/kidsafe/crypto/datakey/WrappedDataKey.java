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
 * <p>
 * A row is either a live key or, once the subject is erased for good, a tombstone: {@link #destroyedAt} set and the key
 * columns empty. The tombstone shares the subject's primary key with any key, so a key being created concurrently with
 * the erasure meets it in the database whichever replica runs either (issue 18 item 6).
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
    @Column(name = "generation")
    public UUID generation;

    /** Which KEK wrapped the key, so keys survive a KEK rotation and stale ones can be found and re-wrapped. */
    @Column(name = "kek_id", length = 100)
    public String kekId;

    @Column(name = "wrapped_key")
    public byte[] wrappedKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the subject was erased for good and its key destroyed; null while the key is live. */
    @Column(name = "destroyed_at")
    public Instant destroyedAt;

    public boolean isTombstone() {
        return destroyedAt != null;
    }
}
