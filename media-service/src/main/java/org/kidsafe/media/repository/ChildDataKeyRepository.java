package org.kidsafe.media.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.kidsafe.media.domain.ChildDataKey;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ChildDataKeyRepository implements PanacheRepositoryBase<ChildDataKey, UUID> {

    /** Inserts a key unless the child already has one (two first uploads at once keep the first key). */
    public void insertIfAbsent(UUID childId, String kekId, byte[] wrappedKey, Instant createdAt) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO child_data_key (child_id, kek_id, wrapped_key, created_at)
                        VALUES (:child, :kek, :wrapped, :created)
                        ON CONFLICT (child_id) DO NOTHING""")
                .setParameter("child", childId)
                .setParameter("kek", kekId)
                .setParameter("wrapped", wrappedKey)
                .setParameter("created", createdAt)
                .executeUpdate();
    }

    /** The key, share-locked until the transaction ends, so an erasure cannot destroy it meanwhile. */
    public Optional<ChildDataKey> findLocked(UUID childId) {
        return findByIdOptional(childId, LockModeType.PESSIMISTIC_READ);
    }
}
