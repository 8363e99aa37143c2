package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.Guardians;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ChildGuardiansChanged;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A child's guardians from consent-service's own {@code child_guardian} table (issue 19 item 4), the source of truth the
 * other services' consent projections are fed from: every change of the set is recorded in the ledger, naming who did
 * it, and announced whole ({@link ChildGuardiansChanged}) in the same transaction, through the outbox.
 */
@ApplicationScoped
public class ChildGuardians implements Guardians {

    private final ChildRepository children;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final Clock clock;

    ChildGuardians(ChildRepository children, Ledger ledger, EventOutbox outbox, Clock clock) {
        this.children = children;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<UUID> guardiansOf(UUID childId) {
        return children.guardiansOf(childId).stream().map(guardian -> guardian.parentId).collect(Collectors.toUnmodifiableSet());
    }

    /** The child's guardians, earliest first (the household view). */
    @Transactional(TxType.MANDATORY)
    public List<ChildGuardian> listOf(UUID childId) {
        return children.guardiansOf(childId);
    }

    /** The parent becomes a guardian of the child (the registration, or an accepted invitation); announced. */
    @Transactional(TxType.MANDATORY)
    public void add(Child child, UUID parentId) {
        ChildGuardian guardian = new ChildGuardian();
        guardian.childId = child.id;
        guardian.parentId = parentId;
        guardian.childCreatedAt = child.createdAt;
        guardian.addedAt = clock.instant();
        children.getEntityManager().persist(guardian);
        children.getEntityManager().flush();
        announce(child.id);
    }

    /**
     * {@code actorId}, a guardian of the child, removes the guardian {@code parentId} (another, or themselves): 404 when
     * either is not a guardian, 409 {@code last-guardian} for the only one (the child is deleted instead). Under the
     * child's row lock, so two guardians removing each other at once cannot leave the child with none. The ledger names
     * the actor and the removed parent; every service's projection drops the parent when the announced set arrives.
     */
    @Transactional(TxType.MANDATORY)
    public void remove(UUID actorId, UUID childId, UUID parentId, String reason) {
        children.findForUpdate(childId).orElseThrow(() -> ProblemException.notFound("child"));
        List<ChildGuardian> guardians = children.guardiansOf(childId);
        if (guardians.stream().noneMatch(guardian -> guardian.parentId.equals(actorId))) {
            throw ProblemException.notFound("child");
        }
        ChildGuardian removed = guardians.stream().filter(guardian -> guardian.parentId.equals(parentId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("guardian"));
        if (guardians.size() == 1) {
            throw ProblemException.conflict("last-guardian",
                    "The child's only guardian cannot be removed; delete the child instead (DELETE /v1/children/{childId}).");
        }
        children.getEntityManager().remove(removed);
        children.getEntityManager().flush();
        ledger.append(LedgerType.GUARDIAN_REMOVED, childId, actorId, Map.of("removedParentId", parentId.toString(), "reason", reason));
        announce(childId);
    }

    /**
     * Announces the child's guardian set as it stands now again, for a projection restored from a backup (issue 18 item 1,
     * the erasure replay): a restored set is older than the one in force, and no later event of the child need come to
     * correct it. Nothing for a child without guardians (a deleted child: the replayed erasure forgets it there).
     *
     * @return whether a set was announced
     */
    @Transactional(TxType.MANDATORY)
    public boolean announceAgain(UUID childId) {
        if (children.guardiansOf(childId).isEmpty()) {
            return false;
        }
        announce(childId);
        return true;
    }

    private void announce(UUID childId) {
        Set<UUID> set = new LinkedHashSet<>();
        children.guardiansOf(childId).forEach(guardian -> set.add(guardian.parentId));
        outbox.publish(childId, new ChildGuardiansChanged(set));
    }
}
