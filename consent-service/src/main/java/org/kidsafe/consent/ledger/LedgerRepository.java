package org.kidsafe.consent.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    /** Serialises appends across replicas so the chain has one order (each service has its own database). */
    private static final long APPEND_LOCK = 0x6b6964736166654dL;

    /** Waits for the append lock, held until the transaction ends. */
    public void lockForAppend() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:lock)").setParameter("lock", APPEND_LOCK).getSingleResult();
    }

    public Optional<LedgerEntry> last() {
        return find("order by seq desc").firstResultOptional();
    }

    public List<LedgerEntry> page(long afterSeq, int size) {
        return find("seq > ?1 order by seq", afterSeq).page(0, size).list();
    }
}
