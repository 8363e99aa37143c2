package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Children as opaque ids owned by one parent; every child endpoint checks ownership here. */
@ApplicationScoped
public class ChildService {

    private final ChildRepository children;
    private final ConsentRecordRepository consents;
    private final ChildAccess access;
    private final Ledger ledger;
    private final Clock clock;

    ChildService(ChildRepository children, ConsentRecordRepository consents, ChildAccess access, Ledger ledger, Clock clock) {
        this.children = children;
        this.consents = consents;
        this.access = access;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Transactional
    public Child register(UUID parentId) {
        Child child = new Child();
        child.id = UUID.randomUUID();
        child.parentId = parentId;
        child.createdAt = clock.instant();
        children.persist(child);
        ledger.append(LedgerType.CHILD_REGISTERED, child.id, parentId, Map.of());
        return child;
    }

    /** A parent's children, each with its consent records. */
    @Transactional
    public List<ChildConsents> listForParent(UUID parentId) {
        return children.listForParent(parentId).stream()
                .map(child -> new ChildConsents(child, consents.listForChild(child.id)))
                .toList();
    }

    /** The child if this parent is its guardian (the shared check); a stranger gets the same 404 as an unknown id. */
    @Transactional(TxType.SUPPORTS)
    public Child requireOwned(UUID parentId, UUID childId) {
        access.requireGuardian(parentId, childId);
        return children.findByIdOptional(childId).orElseThrow(() -> ProblemException.notFound("child"));
    }

    public record ChildConsents(Child child, List<ConsentRecord> consents) {
    }
}
