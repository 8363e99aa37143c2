package org.kidsafe.consent.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The chain's links, and the entries they link. The chainer's horizon is a PostgreSQL {@code xid8}, handled as text in
 * native statements (it is bookkeeping, never mapped or hashed).
 */
@ApplicationScoped
public class LedgerLinkRepository implements PanacheRepositoryBase<LedgerLink, Long> {

    /** Where the next link goes: after this position and hash; {@code horizon} is the last link's (see {@link LedgerChain}). */
    public record Tail(long seq, String hash, String horizon) {
    }

    /** A position of the chain with its entry, or null when the entry is gone. */
    public record Linked(LedgerLink link, LedgerEntry entry) {
    }

    private static final String UNLINKED_SINCE = """
            FROM ledger_entry e
             WHERE e.written_by >= CAST(:since AS xid8)
               AND NOT EXISTS (SELECT 1 FROM ledger_link l WHERE l.entry_id = e.id)""";

    public Optional<Tail> tail() {
        List<?> rows = getEntityManager().createNativeQuery(
                "SELECT seq, hash, CAST(horizon AS text) FROM ledger_link ORDER BY seq DESC LIMIT 1").getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            return new Tail(((Number) columns[0]).longValue(), (String) columns[1], (String) columns[2]);
        });
    }

    /** The oldest transaction still running now: every one before it has committed or rolled back. */
    public String runningSince() {
        return (String) getEntityManager().createNativeQuery("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text)")
                .getSingleResult();
    }

    /** Committed entries without a link, written by a transaction from {@code since} on, in id order. */
    @SuppressWarnings("unchecked")
    public List<Long> unlinkedIds(String since, int limit) {
        List<Number> ids = getEntityManager().createNativeQuery("SELECT e.id " + UNLINKED_SINCE + " ORDER BY e.id LIMIT :limit")
                .setParameter("since", since).setParameter("limit", limit).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Committed entries the chainer has not linked yet (they are pending, not missing). */
    public long pending() {
        String since = tail().map(Tail::horizon).orElse("0");
        return ((Number) getEntityManager().createNativeQuery("SELECT count(*) " + UNLINKED_SINCE)
                .setParameter("since", since).getSingleResult()).longValue();
    }

    public void insert(long seq, long entryId, String prevHash, String hash, String horizon) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO ledger_link (seq, entry_id, prev_hash, hash, horizon)
                        VALUES (:seq, :entry, :prev, :hash, CAST(:horizon AS xid8))""")
                .setParameter("seq", seq).setParameter("entry", entryId).setParameter("prev", prevHash)
                .setParameter("hash", hash).setParameter("horizon", horizon).executeUpdate();
    }

    /** Up to {@code size} positions after {@code afterSeq}, in chain order, each with its entry. */
    public List<Linked> page(long afterSeq, int size) {
        return getEntityManager().createQuery("""
                        select l, e from LedgerLink l left join LedgerEntry e on e.id = l.entryId
                         where l.seq > :after order by l.seq""", Object[].class)
                .setParameter("after", afterSeq).setMaxResults(size).getResultList().stream()
                .map(row -> new Linked((LedgerLink) row[0], (LedgerEntry) row[1])).toList();
    }

    /** The position {@code seq} with its entry, if the position is there. */
    public Optional<Linked> at(long seq) {
        return findByIdOptional(seq).map(link -> new Linked(link,
                getEntityManager().find(LedgerEntry.class, link.entryId)));
    }
}
