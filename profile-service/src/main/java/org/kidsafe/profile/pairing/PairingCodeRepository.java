package org.kidsafe.profile.pairing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PairingCodeRepository implements PanacheRepositoryBase<PairingCode, UUID> {

    public Optional<PairingCode> findByHashForUpdate(byte[] codeHash) {
        return find("codeHash", codeHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public boolean existsByHash(byte[] codeHash) {
        return count("codeHash", codeHash) > 0;
    }

    public List<PairingCode> ofChild(UUID childId) {
        return list("childId = ?1 order by createdAt", childId);
    }
}
