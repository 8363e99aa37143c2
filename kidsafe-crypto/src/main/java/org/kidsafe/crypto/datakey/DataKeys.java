package org.kidsafe.crypto.datakey;

import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one per-subject data-key component (crypto-shredding): each subject (a child today, a parent
 * for consent forms next) has one random AES-256 key, created on first use and stored only wrapped by
 * the key-encryption key (KEK), bound to the subject and to the service's {@link DataKeyPurpose}.
 * Destroying it makes everything encrypted under it unreadable at once.
 * <p>
 * Unwrapped keys are never cached: each use unwraps the stored key, so a destroyed key is gone in
 * every replica the moment the deletion commits.
 * <p>
 * KEK rotation: a key wrapped by a retired KEK is re-wrapped under the current one whenever it is
 * obtained for writing ({@link #getOrCreate}, {@link #getOrCreateCommitted}), and {@link #rewrapStale}
 * moves the rest in bounded batches. A re-wrap keeps the key and its generation.
 * <p>
 * Abstract because the purpose is a required constructor argument: a service that holds data keys
 * declares one {@code @ApplicationScoped} subclass passing its own {@link DataKeyPurpose} (profile-service's
 * {@code ProfileDataKeys}, media-service's {@code MediaDataKeys}) and injects {@code DataKeys}; a service
 * without data keys (consent-service today) simply has no such bean.
 */
public abstract class DataKeys {

    private final WrappedDataKeyRepository keys;
    private final DataKeyWrap wrap;
    private final Clock clock;

    /**
     * @param purpose the service's own wrap label, bound into every wrapped key: see {@link DataKeyPurpose} for
     *                why it is required and must never change
     */
    protected DataKeys(WrappedDataKeyRepository keys, KeyEncryptionKeyProvider keks, DataKeyPurpose purpose, Clock clock) {
        this.keys = keys;
        this.wrap = new DataKeyWrap(keks, purpose);
        this.clock = clock;
    }

    /** For the container's client proxy only. */
    protected DataKeys() {
        this.keys = null;
        this.wrap = null;
        this.clock = null;
    }

    /**
     * The subject's key in the caller's transaction: created if the subject has none (the creation
     * commits or rolls back with the caller's work), re-wrapped under the current KEK if needed.
     */
    @Transactional(TxType.MANDATORY)
    public DataKey getOrCreate(UUID subjectId) {
        return obtain(subjectId);
    }

    /**
     * The subject's key, created (and committed) in a transaction of its own, for a caller that then
     * writes outside a transaction (a streamed upload) and checks {@link #stillCurrent} when it records.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public DataKey getOrCreateCommitted(UUID subjectId) {
        return obtain(subjectId);
    }

    /** The subject's key if it still exists; reading never creates or re-wraps. */
    @Transactional(TxType.SUPPORTS)
    public Optional<DataKey> find(UUID subjectId) {
        return keys.findByIdOptional(subjectId).map(wrap::unwrap);
    }

    /** True if the subject has a key; the erasure re-checks ask this by query. */
    @Transactional(TxType.SUPPORTS)
    public boolean exists(UUID subjectId) {
        return keys.count("subjectId", subjectId) > 0;
    }

    /**
     * Within the caller's transaction: checks that the key used for a write is still the subject's key
     * (same generation: neither destroyed nor replaced meanwhile) and share-locks it, so a concurrent
     * erasure waits until the write is recorded (and then erases it). A re-wrap does not count as a change.
     */
    @Transactional(TxType.MANDATORY)
    public boolean stillCurrent(DataKey used) {
        return keys.findLocked(used.subjectId()).filter(stored -> stored.generation.equals(used.generation())).isPresent();
    }

    /** Destroys the subject's key in the caller's transaction; true if there was one. */
    @Transactional(TxType.MANDATORY)
    public boolean destroy(UUID subjectId) {
        return keys.deleteById(subjectId);
    }

    /**
     * Re-wraps up to {@code limit} keys still wrapped by a retired KEK under the current one; called until it
     * answers 0, the retired KEK wraps nothing and can be retired. Keys are also re-wrapped whenever they are
     * obtained for writing; the scheduled re-wrap job and the KEK retirement belong to issue 18 and are not
     * built yet.
     *
     * @return how many keys were re-wrapped
     */
    @Transactional
    public int rewrapStale(int limit) {
        List<WrappedDataKey> stale = keys.staleForUpdate(wrap.currentKekId(), limit);
        stale.forEach(wrap::rewrap);
        return stale.size();
    }

    private DataKey obtain(UUID subjectId) {
        Optional<WrappedDataKey> existing = keys.findByIdOptional(subjectId);
        if (existing.isEmpty()) {
            keys.insertIfAbsent(wrap.create(subjectId, clock.instant()));
            existing = keys.findByIdOptional(subjectId);
        }
        WrappedDataKey stored = existing.orElseThrow(() -> new IllegalStateException("The data key of " + subjectId + " vanished while it was created"));
        if (!wrap.isStale(stored)) {
            return wrap.unwrap(stored);
        }
        keys.refreshForUpdate(stored);
        return wrap.isStale(stored) ? wrap.rewrap(stored) : wrap.unwrap(stored);
    }
}
