package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.account.ParentAccountLock;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Children as opaque ids held by their guardians (issue 19 item 4); every child endpoint checks guardianship here. */
@ApplicationScoped
public class ChildService {

    private final ChildRepository children;
    private final ChildGuardians guardians;
    private final ConsentRecordRepository consents;
    private final ChildAccess access;
    private final ParentAccountLock parentLock;
    private final Ledger ledger;
    private final Clock clock;

    ChildService(ChildRepository children, ChildGuardians guardians, ConsentRecordRepository consents, ChildAccess access,
                 ParentAccountLock parentLock, Ledger ledger, Clock clock) {
        this.children = children;
        this.guardians = guardians;
        this.consents = consents;
        this.access = access;
        this.parentLock = parentLock;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Registers a child, unless the parent is leaving (409 {@code leaving}): a child registered then was never erased
     * (issue 19 item 5). Under the parent's lock, so a leaving or an idle purge either sees the child or comes first.
     */
    @Transactional
    public Child register(UUID parentId) {
        parentLock.shared(parentId);
        if (children.isLeaving(parentId)) {
            throw new ProblemException(409, "leaving", "Leaving KidSafe",
                    "You asked to leave KidSafe: no child can be registered while your leaving completes.");
        }
        Child child = new Child();
        child.id = UUID.randomUUID();
        child.createdAt = clock.instant();
        children.persist(child);
        guardians.add(child, parentId);
        ledger.append(LedgerType.CHILD_REGISTERED, child.id, parentId, Map.of());
        return child;
    }

    /**
     * One page of the children the parent is a guardian of, in registration order, each with its consent records (read for the page's children
     * in one query): a list that grows is paged (issue 20 item 4).
     */
    @Transactional
    public Page<ChildConsents> listForParent(UUID parentId, PageRequest request) {
        Page<Child> page = request.page(children.pageForParent(parentId, request), child -> new Cursor(child.createdAt, child.id));
        Map<UUID, List<ConsentRecord>> byChild = consents.listForChildren(page.items().stream().map(child -> child.id).toList())
                .stream().collect(Collectors.groupingBy(consent -> consent.childId));
        return page.map(child -> new ChildConsents(child, byChild.getOrDefault(child.id, List.of())));
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
