package org.kidsafe.consent.household;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;

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
     * At most {@code limit} ids of invitations expired by {@code now}, oldest first (index {@code guardian_invitation_expires}),
     * locked, skipping rows another replica or an accept holds.
     */
    public List<UUID> expiredForUpdate(Instant now, int limit) {
        return find("expiresAt <= ?1 order by expiresAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).list().stream().map(invitation -> invitation.id).toList();
    }

    public long countPendingForChild(UUID childId, Instant now) {
        return getEntityManager().createQuery("select count(*) from GuardianInvitation where childId = ?1 and expiresAt > ?2", Long.class)
                .setParameter(1, childId).setParameter(2, now).getSingleResult();
    }

    public Optional<GuardianInvitation> findForChild(UUID childId, UUID invitationId) {
        return find("id = ?1 and childId = ?2", invitationId, childId).firstResultOptional();
    }
}
