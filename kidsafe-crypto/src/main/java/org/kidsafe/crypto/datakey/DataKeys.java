package org.kidsafe.crypto.datakey;

import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * obtained for writing ({@link #getOrCreate}, {@link #getOrCreateCommitted}), and the re-wrap job ({@link KekRewrapJob},
 * {@link #rewrapStale}) moves the rest in bounded batches; once {@link #kekIdsInUse} no longer names a KEK it may be
 * retired (issue 18 item 1). A re-wrap keeps the key and its generation.
 * <p>
 * Erasure for good ({@link #destroyForGood}) leaves a tombstone in the key's row: from then on {@link #getOrCreate} and
 * {@link #getOrCreateCommitted} refuse the subject ({@link SubjectErasedException}) instead of creating a fresh key, so
 * a write that arrives after the erasure (an upload that beat the consent revocation, on another topic) cannot leave a
 * key behind that the erasure's re-check then waits on forever (issue 18 item 6). The tombstone and a key being created
 * share the row's primary key, so the database settles the race on any number of replicas. Readers use {@link #find},
 * which never creates. A tombstone holds the subject's random id and a time, nothing else; it is kept as long as the
 * service may still be asked to write for the subject (see the service READMEs and docs/retention-policy.md).
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
        return keys.findByIdOptional(subjectId).filter(stored -> !stored.isTombstone()).map(wrap::unwrap);
    }

    /** True if the subject has a key (a tombstone is none); the erasure re-checks ask this by query. */
    @Transactional(TxType.SUPPORTS)
    public boolean exists(UUID subjectId) {
        return keys.existsLive(subjectId);
    }

    /**
     * Within the caller's transaction: checks that the key used for a write is still the subject's key
     * (same generation: neither destroyed nor replaced meanwhile) and share-locks it, so a concurrent
     * erasure waits until the write is recorded (and then erases it). A re-wrap does not count as a change.
     */
    @Transactional(TxType.MANDATORY)
    public boolean stillCurrent(DataKey used) {
        return keys.findLocked(used.subjectId()).filter(stored -> used.generation().equals(stored.generation)).isPresent();
    }

    /**
     * Destroys the subject's key in the caller's transaction; true if there was one. The subject may get a new key
     * later (a profile purged for inactivity can be filled in again); for a subject erased for good use
     * {@link #destroyForGood}.
     */
    @Transactional(TxType.MANDATORY)
    public boolean destroy(UUID subjectId) {
        return keys.deleteLive(subjectId);
    }

    /**
     * Destroys the subject's key and leaves a tombstone, in the caller's (the erasure's) transaction: no key is ever
     * created for the subject again. A key another transaction creates at the same moment is destroyed too, as the
     * tombstone's insert waits for it and then overwrites it.
     *
     * @return true if the subject had a key when this transaction looked
     */
    @Transactional(TxType.MANDATORY)
    public boolean destroyForGood(UUID subjectId) {
        boolean had = keys.existsLive(subjectId);
        keys.upsertTombstone(subjectId, clock.instant());
        return had;
    }

    /**
     * Re-wraps, in one transaction, up to {@code limit} keys after {@code after} (by subject id; null: from the start)
     * that a KEK other than the current one wraps, under the current one. Rows another replica holds are skipped
     * ({@code SKIP LOCKED}) and each row is read under its lock, so two replicas never re-wrap one key from stale bytes.
     * A key no readable KEK opens (corrupt, or wrapped by a KEK this instance lacks) is left as it is and counted: its
     * KEK stays in use, so it cannot be retired under it. The re-wrap job ({@link KekRewrapJob}) walks the table with it;
     * keys are also re-wrapped whenever they are obtained for writing.
     */
    @Transactional
    public RewrapBatch rewrapStale(UUID after, int limit) {
        List<WrappedDataKey> stale = keys.staleForUpdate(wrap.currentKekId(), after, limit);
        int unreadable = 0;
        for (WrappedDataKey key : stale) {
            try {
                wrap.rewrap(key);
            } catch (IllegalStateException e) {
                unreadable++;
            }
        }
        return new RewrapBatch(stale.size() - unreadable, unreadable,
                stale.isEmpty() ? null : stale.get(stale.size() - 1).subjectId);
    }

    /**
     * One batch of {@link #rewrapStale}.
     *
     * @param rewrapped  keys now wrapped by the current KEK
     * @param unreadable keys left as they were, since no readable KEK opened them
     * @param last       the last subject looked at, where the next batch starts; null when none was left
     */
    public record RewrapBatch(int rewrapped, int unreadable, UUID last) {
    }

    /**
     * The ids of the KEKs that still wrap a live key (issue 18 item 1): a KEK not among them wraps nothing any more and
     * may be retired ({@link org.kidsafe.crypto.kek.KekDirectory#retire}).
     */
    @Transactional(TxType.SUPPORTS)
    public Set<String> kekIdsInUse() {
        return keys.kekIdsInUse();
    }

    private DataKey obtain(UUID subjectId) {
        Optional<WrappedDataKey> existing = keys.findByIdOptional(subjectId);
        if (existing.isEmpty()) {
            keys.insertIfAbsent(wrap.create(subjectId, clock.instant()));
            existing = keys.findByIdOptional(subjectId);
        }
        WrappedDataKey stored = existing.orElseThrow(() -> new IllegalStateException("The data key of " + subjectId + " vanished while it was created"));
        refuseTombstone(stored);
        if (!wrap.isStale(stored)) {
            return wrap.unwrap(stored);
        }
        keys.refreshForUpdate(stored);
        refuseTombstone(stored);
        return wrap.isStale(stored) ? wrap.rewrap(stored) : wrap.unwrap(stored);
    }

    private static void refuseTombstone(WrappedDataKey stored) {
        if (stored.isTombstone()) {
            throw new SubjectErasedException(stored.subjectId);
        }
    }
}
