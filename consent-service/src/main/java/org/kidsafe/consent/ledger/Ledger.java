package org.kidsafe.consent.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.consent.hashing.Hashing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The append-only, hash-chained audit ledger. Entries are written in the transaction of the step
 * they record, so a step and its entry commit or vanish together; each hash covers the entry and
 * the previous hash, so editing or removing any row breaks the chain from there on.
 */
@ApplicationScoped
public class Ledger {

    static final String GENESIS = "0".repeat(64);
    private static final int VERIFY_PAGE = 500;
    private static final ObjectMapper DETAILS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final LedgerRepository entries;
    private final EntityManager entityManager;
    private final Clock clock;

    Ledger(LedgerRepository entries, EntityManager entityManager, Clock clock) {
        this.entries = entries;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Appends one entry; details hold ids, codes and counts only. */
    @Transactional(TxType.MANDATORY)
    public LedgerEntry append(LedgerType type, UUID childId, UUID parentId, Map<String, ?> details) {
        entries.lockForAppend();
        Optional<LedgerEntry> previous = entries.last();
        LedgerEntry entry = new LedgerEntry();
        entry.seq = previous.map(last -> last.seq + 1).orElse(1L);
        entry.type = type.name();
        entry.childId = childId;
        entry.parentId = parentId;
        entry.details = json(details);
        entry.occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entry.prevHash = previous.map(last -> last.hash).orElse(GENESIS);
        entry.hash = hashOf(entry);
        entries.persist(entry);
        return entry;
    }

    /** Recomputes the whole chain and names the first entry that does not fit. */
    @Transactional
    public Verification verify() {
        long expectedSeq = 1;
        String expectedPrev = GENESIS;
        long checked = 0;
        List<LedgerEntry> page = entries.page(0, VERIFY_PAGE);
        while (!page.isEmpty()) {
            for (LedgerEntry entry : page) {
                String problem = null;
                if (entry.seq != expectedSeq) {
                    problem = "entry " + expectedSeq + " is missing";
                } else if (!entry.prevHash.equals(expectedPrev)) {
                    problem = "previous hash does not match";
                } else if (!entry.hash.equals(hashOf(entry))) {
                    problem = "content does not match its hash";
                }
                if (problem != null) {
                    return new Verification(false, checked, expectedSeq, problem);
                }
                checked++;
                expectedSeq++;
                expectedPrev = entry.hash;
            }
            long lastSeq = page.get(page.size() - 1).seq;
            entityManager.clear();
            page = entries.page(lastSeq, VERIFY_PAGE);
        }
        return new Verification(true, checked, null, null);
    }

    /**
     * The outcome of recomputing the chain.
     *
     * @param intact         true when every entry fits
     * @param entriesChecked entries verified before the first break (all of them when intact)
     * @param firstBrokenSeq the first entry that is missing, edited or out of chain
     * @param reason         what is wrong with it
     */
    public record Verification(boolean intact, long entriesChecked, Long firstBrokenSeq, String reason) {
    }

    static String hashOf(LedgerEntry entry) {
        return Hashing.sha256(String.join("|", Long.toString(entry.seq), entry.type, Objects.toString(entry.childId, ""),
                Objects.toString(entry.parentId, ""), entry.details, canonical(entry.occurredAt), entry.prevHash));
    }

    private static String canonical(Instant time) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, time));
    }

    private static String json(Map<String, ?> details) {
        try {
            return DETAILS.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Ledger details must be plain values", e);
        }
    }
}
