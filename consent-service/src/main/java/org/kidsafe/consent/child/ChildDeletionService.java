package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.consent.consent.ConsentService;
import org.kidsafe.consent.erasure.ErasureRequest;
import org.kidsafe.consent.erasure.ErasureService;
import org.kidsafe.consent.notification.ParentNotifications;
import org.kidsafe.consent.verification.EmailVerificationService;
import org.kidsafe.consent.verification.ParentRecords;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.locks.TransactionLocks;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes a child (16 CFR 312.6(a)(2)) in one transaction: every consent ends at once, consent-service erases its own
 * data about the child (the consent records, the child, and the parent's contact data with their last child; the
 * ledger keeps the history), and the erasure saga asks every other service. The address of a parent whose contact goes
 * is kept for the one mail that carries this erasure's receipt (issue 19 item 8), then cleared.
 */
@ApplicationScoped
public class ChildDeletionService {

    /** The namespace of the per-parent deletion lock ("KSCD"). */
    private static final int PARENT_DELETIONS = 0x4b53_4344;

    private final ChildService children;
    private final ChildRepository childRepository;
    private final ChildGuardians guardians;
    private final ConsentService consents;
    private final EmailVerificationService contacts;
    private final ErasureService erasures;
    private final TransactionLocks locks;
    private final ParentRecords parents;
    private final ParentNotifications notifications;

    ChildDeletionService(ChildService children, ChildRepository childRepository, ChildGuardians guardians, ConsentService consents,
                         EmailVerificationService contacts, ErasureService erasures, TransactionLocks locks, ParentRecords parents,
                         ParentNotifications notifications) {
        this.parents = parents;
        this.notifications = notifications;
        this.children = children;
        this.childRepository = childRepository;
        this.guardians = guardians;
        this.consents = consents;
        this.contacts = contacts;
        this.erasures = erasures;
        this.locks = locks;
    }

    /**
     * Deletes the child and starts its erasure; with the parent's last child goes the parent's contact data. A parent's
     * deletions take their turn (a per-parent lock until commit, on every replica): two at once each counted the other
     * child still there, and neither forgot the contact (principle 2).
     */
    @Transactional
    public ErasureRequest erase(UUID parentId, UUID childId) {
        return erase(parentId, childId, true);
    }

    /**
     * Deletes a leaving parent's child like {@link #erase}, but keeps the parent's contact: the receipts are mailed to it
     * once every erasure completed, and the leaving deletes it then (issue 19 item 5).
     */
    @Transactional(TxType.MANDATORY)
    public ErasureRequest eraseKeepingContact(UUID parentId, UUID childId) {
        return erase(parentId, childId, false);
    }

    /** The children this parent alone holds, whom their leaving erases (issue 19 items 4 and 5). */
    @Transactional(TxType.MANDATORY)
    public List<UUID> heldAloneBy(UUID parentId) {
        return childRepository.idsHeldAloneBy(parentId);
    }

    /**
     * A leaving parent stops being a guardian of every child they share (issue 19 items 4 and 5): the child stays with
     * its other guardians, nothing is erased, and each removal is recorded and announced like any other.
     */
    @Transactional(TxType.MANDATORY)
    public void leaveShared(UUID parentId) {
        for (UUID childId : childRepository.idsSharedBy(parentId)) {
            guardians.remove(parentId, childId, parentId, "left");
        }
    }

    /**
     * Any guardian may delete the child (issue 19 item 4). The per-parent locks are taken for every guardian, in one
     * order, because the child may be the last of each: whoever of them loses their last child here loses their contact.
     */
    private ErasureRequest erase(UUID parentId, UUID childId, boolean forgetContactWithLastChild) {
        children.requireOwned(parentId, childId);
        List<UUID> holders = guardians.guardiansOf(childId).stream().sorted().toList();
        holders.forEach(holder -> locks.exclusive(PARENT_DELETIONS, holder.toString()));
        Child child = children.requireOwned(parentId, childId);
        Map<String, Long> erased = new LinkedHashMap<>();
        erased.put("consent-record", consents.revokeAndDeleteAll(parentId, childId));
        childRepository.delete(child);
        childRepository.flush();
        erased.put("child", 1L);
        List<UUID> lostTheirLast = holders.stream().filter(holder -> childRepository.countForParent(holder) == 0).toList();
        Optional<String> addressForReceipt = Optional.empty();
        if (forgetContactWithLastChild && !lostTheirLast.isEmpty()) {
            if (lostTheirLast.contains(parentId)) {
                addressForReceipt = parents.emailOf(parentId);
            }
            erased.put("parent-contact", lostTheirLast.stream().mapToLong(contacts::forgetContact).sum());
        }
        ErasureRequest request = erasures.start(childId, parentId, holders, EnumSet.allOf(DataCategory.class), erased);
        addressForReceipt.ifPresent(address -> notifications.keepAddressForReceipt(parentId, childId, request.id, address));
        return request;
    }
}
