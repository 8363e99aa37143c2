package org.kidsafe.crypto.datakey;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** The {@code data_key} rows of the service's own database. */
@ApplicationScoped
public class WrappedDataKeyRepository implements PanacheRepositoryBase<WrappedDataKey, UUID> {

    /** Below every subject id (PostgreSQL orders uuids by their bytes): where a walk over the table starts. */
    private static final UUID FIRST = new UUID(0, 0);

    /** Inserts a key unless the subject already has one (two first writes at once keep the first key). */
    public void insertIfAbsent(WrappedDataKey key) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO data_key (subject_id, generation, kek_id, wrapped_key, created_at)
                        VALUES (:subject, :generation, :kek, :wrapped, :created)
                        ON CONFLICT (subject_id) DO NOTHING""")
                .setParameter("subject", key.subjectId)
                .setParameter("generation", key.generation)
                .setParameter("kek", key.kekId)
                .setParameter("wrapped", key.wrappedKey)
                .setParameter("created", key.createdAt)
                .executeUpdate();
    }

    /**
     * Turns the subject's row into a tombstone, whether it held a live key, a key another transaction is creating at
     * this moment (the insert waits for it, then updates it), nothing, or a tombstone already (kept with its first time).
     */
    public void upsertTombstone(UUID subjectId, Instant destroyedAt) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO data_key (subject_id, created_at, destroyed_at)
                        VALUES (:subject, :destroyed, :destroyed)
                        ON CONFLICT (subject_id) DO UPDATE
                        SET generation = NULL, kek_id = NULL, wrapped_key = NULL,
                            destroyed_at = COALESCE(data_key.destroyed_at, EXCLUDED.destroyed_at)""")
                .setParameter("subject", subjectId)
                .setParameter("destroyed", destroyedAt)
                .executeUpdate();
    }

    /** Deletes the subject's live key (never a tombstone); true if there was one. */
    public boolean deleteLive(UUID subjectId) {
        return delete("subjectId = ?1 and destroyedAt is null", subjectId) > 0;
    }

    /** Whether the subject has a live key. */
    public boolean existsLive(UUID subjectId) {
        return !getEntityManager().createQuery("select 1 from WrappedDataKey where subjectId = ?1 and destroyedAt is null", Integer.class)
                .setParameter(1, subjectId).setMaxResults(1).getResultList().isEmpty();
    }

    /** The key, share-locked until the transaction ends, so an erasure cannot destroy it meanwhile. */
    public Optional<WrappedDataKey> findLocked(UUID subjectId) {
        return findByIdOptional(subjectId, LockModeType.PESSIMISTIC_READ);
    }

    /**
     * Re-reads a key and write-locks it until the transaction ends, so a re-wrap works on the stored
     * state and does not race another re-wrap or a destroy.
     *
     * @throws jakarta.persistence.EntityNotFoundException when the key was destroyed meanwhile
     */
    public void refreshForUpdate(WrappedDataKey key) {
        getEntityManager().refresh(key, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The ids of the KEKs that wrap at least one live key: a KEK not among them may be retired. */
    public Set<String> kekIdsInUse() {
        return new TreeSet<>(getEntityManager()
                .createQuery("SELECT DISTINCT k.kekId FROM WrappedDataKey k WHERE k.destroyedAt IS NULL", String.class)
                .getResultList());
    }

    /**
     * Up to {@code limit} keys after {@code after} (by subject id; null: from the first) not wrapped by
     * {@code currentKekId}, write-locked; rows another transaction holds are skipped, so several replicas can re-wrap
     * at once without waiting, and a row re-wrapped meanwhile is not returned (PostgreSQL re-checks the condition
     * on the locked row).
     */
    public List<WrappedDataKey> staleForUpdate(String currentKekId, UUID after, int limit) {
        return getEntityManager()
                .createQuery("FROM WrappedDataKey k WHERE k.destroyedAt IS NULL AND k.kekId <> :current"
                        + " AND k.subjectId > :after ORDER BY k.subjectId", WrappedDataKey.class)
                .setParameter("current", currentKekId)
                .setParameter("after", after == null ? FIRST : after)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", Timeouts.SKIP_LOCKED_MILLI)
                .setMaxResults(limit)
                .getResultList();
    }
}
