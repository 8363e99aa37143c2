package org.kidsafe.consent.household;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class GuardianInvitationRepository implements PanacheRepositoryBase<GuardianInvitation, UUID> {

    /** The unexpired invitation with this token hash, locked until commit: two accepts of one token take turns. */
    public Optional<GuardianInvitation> findValidForUpdate(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and expiresAt > ?2", tokenHash, now).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The child's unexpired invitations, oldest first. */
    public List<GuardianInvitation> pendingForChild(UUID childId, Instant now) {
        return find("childId = ?1 and expiresAt > ?2 order by createdAt, id", childId, now).list();
    }

    /**
     * Deletes every expired invitation (index {@code guardian_invitation_expires}): an expired link is useless, and its
     * hint is not kept longer. Each new invitation does it, so expired ones never outnumber those sent since.
     */
    public long deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }

    public long countPendingForChild(UUID childId, Instant now) {
        return count("childId = ?1 and expiresAt > ?2", childId, now);
    }

    public Optional<GuardianInvitation> findForChild(UUID childId, UUID invitationId) {
        return find("id = ?1 and childId = ?2", invitationId, childId).firstResultOptional();
    }
}
