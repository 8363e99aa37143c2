package org.kidsafe.consent.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    /** The ledger types that record a change of a child's guardian set (issue 19 item 4). */
    private static final List<String> GUARDIAN_SET_CHANGES = List.of(LedgerType.CHILD_REGISTERED.name(),
            LedgerType.GUARDIAN_ADDED.name(), LedgerType.GUARDIAN_REMOVED.name());

    /** The given entries, in id order (the order the chainer links them in). */
    public List<LedgerEntry> inIdOrder(List<Long> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1 order by id", ids);
    }

    /**
     * The children whose guardian set changed in the span: the ledger is the one record of a removal (the
     * {@code child_guardian} row is gone). Read only by the erasure replay, an operator's rare action, so it scans the
     * span's entries without an index of its own.
     */
    public List<UUID> childrenWithGuardianChangesBetween(Instant since, Instant until) {
        return getEntityManager().createQuery("""
                        select distinct l.childId from LedgerEntry l
                        where l.type in :types and l.occurredAt >= :since and l.occurredAt <= :until and l.childId is not null""", UUID.class)
                .setParameter("types", GUARDIAN_SET_CHANGES).setParameter("since", since).setParameter("until", until)
                .getResultList();
    }
}
