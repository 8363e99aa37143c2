package org.kidsafe.consent.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.LedgerLinkRepository.Linked;

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
 * The append-only, hash-chained audit ledger. An entry is written in the transaction of the step it records, so a step
 * and its entry commit or vanish together, and without a lock (issue 21 item 3: one lock held by every step until commit
 * capped the platform's throughput however many replicas ran); {@link LedgerChain} then links committed entries into the
 * chain, off the request path. Each link's hash covers its position, the entry and the previous hash, so editing or
 * removing any entry or link breaks the chain from there on; an entry not linked yet is pending, not broken. The service
 * may only add and read entries and links (migrations V7, V14); signed heads ({@link LedgerHeads}) anchor the chain
 * outside the database.
 */
@ApplicationScoped
public class Ledger {

    static final String GENESIS = "0".repeat(64);
    private static final int VERIFY_PAGE = 500;
    private static final ObjectMapper DETAILS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final LedgerRepository entries;
    private final LedgerLinkRepository links;
    private final LedgerHeadRepository heads;
    private final LedgerHeadSignatures headClaims;
    private final Clock clock;

    Ledger(LedgerRepository entries, LedgerLinkRepository links, LedgerHeadRepository heads, LedgerHeadSignatures headClaims,
           Clock clock) {
        this.entries = entries;
        this.links = links;
        this.heads = heads;
        this.headClaims = headClaims;
        this.clock = clock;
    }

    /**
     * Appends one entry, without a lock: {@link LedgerChain} links it into the chain once the caller's transaction has
     * committed. Details hold ids, codes and counts only.
     */
    @Transactional(TxType.MANDATORY)
    public LedgerEntry append(LedgerType type, UUID childId, UUID parentId, Map<String, ?> details) {
        LedgerEntry entry = new LedgerEntry();
        entry.type = type.name();
        entry.childId = childId;
        entry.parentId = parentId;
        entry.details = json(details);
        entry.occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entries.persist(entry);
        return entry;
    }

    /**
     * Recomputes the chain from the last signed checkpoint (the latest {@link LedgerHead}, whose signature and entry
     * are checked first) to the end, one page per short transaction, so a long ledger is neither re-read from its
     * first entry nor held in one transaction (issue 18 item 3). Entries below the checkpoint were verified when it
     * was signed and are not read again. Every stored head from the checkpoint on, and every head in
     * {@code heldHeads} (signed heads someone kept), must still match the chain: a rewrite that re-hashed the chain
     * and removed the stored heads is still found by whoever kept an earlier one. Committed entries the chainer has not
     * linked yet are counted as pending (issue 21 item 3), not checked.
     *
     * @throws LedgerHeadRefusedException when a held head is not one this service signed
     */
    public Verification verify(List<String> heldHeads) {
        Map<Long, String> mustMatch = new TreeMap<>();
        for (String jws : heldHeads) {
            LedgerHeadClaims claims = headClaims.verified(jws);
            mustMatch.put(claims.seq(), claims.hash());
        }
        Start start = QuarkusTransaction.requiringNew().call(this::start);
        if (start.problem() != null) {
            return Verification.broken(start.checkpointSeq(), 0, start.checkpointSeq(), start.problem(), mustMatch.size());
        }
        Long checkpointSeq = start.checkpointSeq();
        long checked = checkpointSeq == null ? 0 : 1;
        long expectedSeq = checkpointSeq == null ? 1 : checkpointSeq + 1;
        String expectedPrev = checkpointSeq == null ? GENESIS : start.hash();
        long firstSeq = expectedSeq;
        QuarkusTransaction.requiringNew().call(() -> heads.fromSeq(firstSeq))
                .forEach(head -> mustMatch.putIfAbsent(head.seq, head.hash));
        Long rewrittenBelow = checkpointSeq == null ? null : QuarkusTransaction.requiringNew()
                .call(() -> heldUpToCheckpointMismatch(mustMatch, checkpointSeq));
        if (rewrittenBelow != null) {
            return Verification.broken(checkpointSeq, checked, rewrittenBelow, rewritten(rewrittenBelow), mustMatch.size());
        }
        long after = expectedSeq - 1;
        List<Linked> page = QuarkusTransaction.requiringNew().call(() -> links.page(after, VERIFY_PAGE));
        while (!page.isEmpty()) {
            for (Linked linked : page) {
                LedgerLink link = linked.link();
                String problem = null;
                if (link.seq != expectedSeq || linked.entry() == null) {
                    problem = "entry " + expectedSeq + " is missing";
                } else if (!link.prevHash.equals(expectedPrev)) {
                    problem = "previous hash does not match";
                } else if (!link.hash.equals(hashOf(linked))) {
                    problem = "content does not match its hash";
                } else if (mustMatch.containsKey(link.seq) && !mustMatch.get(link.seq).equals(link.hash)) {
                    problem = rewritten(link.seq);
                }
                if (problem != null) {
                    return Verification.broken(checkpointSeq, checked, expectedSeq, problem, mustMatch.size());
                }
                checked++;
                expectedSeq++;
                expectedPrev = link.hash;
            }
            long lastSeq = page.get(page.size() - 1).link().seq;
            page = QuarkusTransaction.requiringNew().call(() -> links.page(lastSeq, VERIFY_PAGE));
        }
        long end = expectedSeq - 1;
        Long beyond = mustMatch.keySet().stream().filter(seq -> seq > end).findFirst().orElse(null);
        if (beyond != null) {
            return Verification.broken(checkpointSeq, checked, beyond,
                    "entry " + beyond + " is missing, though a signed head names it: the chain was cut", mustMatch.size());
        }
        long pending = QuarkusTransaction.requiringNew().call(links::pending);
        return new Verification(true, checked, checkpointSeq, end == 0 ? null : end, end == 0 ? null : expectedPrev,
                mustMatch.size(), null, null, pending);
    }

    /** The latest signed head, checked: its signature, and its entry (which must still be there and unchanged). */
    private Start start() {
        Optional<LedgerHead> latest = heads.latest();
        if (latest.isEmpty()) {
            return new Start(null, GENESIS, null);
        }
        LedgerHead head = latest.get();
        LedgerHeadClaims claims;
        try {
            claims = headClaims.verified(head.jws);
        } catch (LedgerHeadRefusedException e) {
            return new Start(head.seq, head.hash, "the signed head of entry " + head.seq + " does not verify");
        }
        if (claims.seq() != head.seq || !claims.hash().equals(head.hash)) {
            return new Start(head.seq, head.hash, "the stored head of entry " + head.seq + " differs from what was signed");
        }
        Optional<Linked> anchor = links.at(head.seq);
        if (anchor.isEmpty() || anchor.get().entry() == null) {
            return new Start(head.seq, head.hash, "entry " + head.seq + " is missing");
        }
        if (!anchor.get().link().hash.equals(head.hash) || !head.hash.equals(hashOf(anchor.get()))) {
            return new Start(head.seq, head.hash, rewritten(head.seq));
        }
        return new Start(head.seq, head.hash, null);
    }

    /**
     * Held heads up to the checkpoint: each entry still kept must have the signed hash (one row read per head, not the
     * chain); one already pruned cannot be compared and is not held against the chain.
     *
     * @return the first entry that differs from its held head, or null
     */
    private Long heldUpToCheckpointMismatch(Map<Long, String> mustMatch, long checkpointSeq) {
        for (Map.Entry<Long, String> held : mustMatch.entrySet()) {
            if (held.getKey() > checkpointSeq) {
                break;
            }
            Optional<LedgerLink> link = links.findByIdOptional(held.getKey());
            if (link.isPresent() && !link.get().hash.equals(held.getValue())) {
                return held.getKey();
            }
        }
        return null;
    }

    private static String rewritten(long seq) {
        return "entry " + seq + " differs from the signed head of that entry: the chain was rewritten";
    }

    private record Start(Long checkpointSeq, String hash, String problem) {
    }

    /**
     * The outcome of verifying the chain.
     *
     * @param intact         true when every entry checked fits and every signed head matches
     * @param entriesChecked entries verified before the first break (all of them from the checkpoint when intact)
     * @param checkpointSeq  the signed head verification started from (its entry included), or null: the first entry
     * @param lastSeq        the last entry verified, when intact
     * @param lastHash       its hash, when intact: the head a new signed head may state
     * @param headsChecked   signed heads (stored from the checkpoint on, and held ones sent in) compared with the chain
     * @param firstBrokenSeq the first entry that is missing, edited, out of chain or unlike its signed head
     * @param reason         what is wrong with it
     * @param pendingEntries when intact: committed entries not linked into the chain yet ({@link LedgerChain} links
     *                       them within {@code kidsafe.jobs.ledger-chain.every}); they are not checked until linked
     */
    public record Verification(boolean intact, long entriesChecked, Long checkpointSeq, Long lastSeq, String lastHash,
                               int headsChecked, Long firstBrokenSeq, String reason, Long pendingEntries) {

        static Verification broken(Long checkpointSeq, long checked, Long firstBrokenSeq, String reason, int headsChecked) {
            return new Verification(false, checked, checkpointSeq, null, null, headsChecked, firstBrokenSeq, reason, null);
        }
    }

    /**
     * The hash of {@code entry} at position {@code seq} after {@code prevHash}: the same text the previous release hashed
     * (seq, content, prev hash), so the links V14 made of its entries keep their hashes.
     */
    static String hashOf(long seq, LedgerEntry entry, String prevHash) {
        return Hashing.sha256(String.join("|", Long.toString(seq), entry.type, Objects.toString(entry.childId, ""),
                Objects.toString(entry.parentId, ""), entry.details, canonical(entry.occurredAt), prevHash));
    }

    private static String hashOf(Linked linked) {
        return hashOf(linked.link().seq, linked.entry(), linked.link().prevHash);
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
