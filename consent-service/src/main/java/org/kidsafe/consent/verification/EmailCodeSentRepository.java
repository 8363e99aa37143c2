package org.kidsafe.consent.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.jpa.SpecHints;
import org.kidsafe.events.locks.TransactionLocks;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class EmailCodeSentRepository implements PanacheRepositoryBase<EmailCodeSent, UUID> {

    private static final int ADDRESS_LOCK = 0x636f6465;
    private static final int PARENT_LOCK = 0x636f6470;

    private final TransactionLocks locks;

    EmailCodeSentRepository(TransactionLocks locks) {
        this.locks = locks;
    }

    /**
     * Serialises code requests for one address and for one parent until the caller's transaction ends, on every replica,
     * so two requests at the same moment cannot both pass a cooldown. Address first, then parent, always in this order.
     */
    public void lockSender(byte[] addressFingerprint, UUID parentId) {
        locks.exclusive(ADDRESS_LOCK, HexFormat.of().formatHex(addressFingerprint));
        locks.exclusive(PARENT_LOCK, parentId.toString());
    }

    /** When a code last went to this address (by any parent) after {@code since}. */
    public Optional<Instant> lastToAddressSince(byte[] addressFingerprint, Instant since) {
        return find("addressFingerprint = ?1 and sentAt > ?2 order by sentAt desc", addressFingerprint, since)
                .firstResultOptional().map(sent -> sent.sentAt);
    }

    /** When this parent last had a code mailed (to any address) after {@code since}. */
    public Optional<Instant> lastToParentSince(UUID parentId, Instant since) {
        return find("parentId = ?1 and sentAt > ?2 order by sentAt desc", parentId, since)
                .firstResultOptional().map(sent -> sent.sentAt);
    }

    /** The codes this parent had mailed after {@code since}, oldest first. */
    public List<Instant> sentToParentSince(UUID parentId, Instant since) {
        return find("parentId = ?1 and sentAt > ?2 order by sentAt", parentId, since).stream().map(sent -> sent.sentAt).toList();
    }

    /** Rows older than the cutoff, write-locked, skipping those another replica holds. */
    public List<UUID> sentBeforeForUpdate(Instant cutoff, int limit) {
        return find("sentAt < ?1 order by sentAt", cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit).stream().map(sent -> sent.id).toList();
    }
}
