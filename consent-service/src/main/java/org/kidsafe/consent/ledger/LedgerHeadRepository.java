package org.kidsafe.consent.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LedgerHeadRepository implements PanacheRepositoryBase<LedgerHead, Long> {

    public Optional<LedgerHead> latest() {
        return find("order by seq desc").firstResultOptional();
    }

    /** Every stored head from {@code seq} on: each must still match the chain. */
    public List<LedgerHead> fromSeq(long seq) {
        return list("seq >= ?1 order by seq", seq);
    }
}
