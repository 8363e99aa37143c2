package org.kidsafe.consent.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    public Optional<LedgerEntry> last() {
        return find("order by seq desc").firstResultOptional();
    }

    public List<LedgerEntry> page(long afterSeq, int size) {
        return find("seq > ?1 order by seq", afterSeq).page(0, size).list();
    }
}
