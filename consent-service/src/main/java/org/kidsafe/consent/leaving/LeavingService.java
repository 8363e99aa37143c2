package org.kidsafe.consent.leaving;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.account.AccountDeletion;
import org.kidsafe.consent.account.AccountDeletions;
import org.kidsafe.consent.account.ParentAccountLock;
import org.kidsafe.consent.child.ChildDeletionService;
import org.kidsafe.consent.erasure.ErasureRequest;
import org.kidsafe.consent.erasure.ErasureRequestRepository;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notification.ParentNotifications;
import org.kidsafe.consent.verification.ParentMail;
import org.kidsafe.consent.verification.ParentRecords;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.consent.preference.ParentLanguages;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A parent leaves KidSafe (issue 19 item 5; 16 CFR 312.6(a)(2), 312.10): every child they alone hold gets a normal
 * erasure with its receipt; once none of their erasures is pending, the receipts are mailed to them (outside any
 * transaction), then their contact, consent forms, codes and verifications are deleted, and then their Keycloak user
 * ({@link AccountDeletions}, retried until Keycloak agrees). A parent with no child leaves at once; the rest is finished
 * by {@code LeavingJob}, on one replica at a time ({@link JobLock}).
 */
@ApplicationScoped
public class LeavingService {

    private static final Logger LOG = Logger.getLogger(LeavingService.class);
    private static final String JOB = "leaving";

    private final ParentLeavingRepository leavings;
    private final ChildDeletionService children;
    private final ErasureRequestRepository erasures;
    private final ParentRecords parents;
    private final ParentMail mail;
    private final ParentNotifications notifications;
    private final ParentLanguages languages;
    private final AccountDeletions accounts;
    private final Ledger ledger;
    private final ParentAccountLock parentLock;
    private final JobLock jobs;
    private final Clock clock;

    LeavingService(ParentLeavingRepository leavings, ChildDeletionService children, ErasureRequestRepository erasures,
                   ParentRecords parents, ParentMail mail, ParentNotifications notifications, ParentLanguages languages,
                   AccountDeletions accounts, Ledger ledger, ParentAccountLock parentLock, JobLock jobs, Clock clock) {
        this.notifications = notifications;
        this.leavings = leavings;
        this.children = children;
        this.erasures = erasures;
        this.parents = parents;
        this.mail = mail;
        this.languages = languages;
        this.accounts = accounts;
        this.ledger = ledger;
        this.parentLock = parentLock;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Starts the parent's leaving, or answers where it stands when it already started (two calls at once take turns on a
     * per-parent lock). Acts on the caller's own id only. With no child to wait for, this parent alone finishes at once
     * (unless the job is at it, which then does): other parents' mails and accounts would keep the request waiting.
     */
    public LeavingView leave(UUID parentId) {
        LeavingView view = QuarkusTransaction.requiringNew().call(() -> start(parentId));
        if (view.erasureIds().isEmpty() && !view.recordsDeleted() && jobs.runAlone(JOB, () -> finish(parentId)).orElse(false)) {
            accounts.deleteNow(parentId);
        }
        return view;
    }

    /**
     * Finishes every leaving whose erasures all completed: mails the receipts, deletes the parent's records, then their
     * account. A mail that fails leaves that parent for a later run. Returns how many parents' records went.
     */
    public int finishReady() {
        int finished = jobs.runAlone(JOB, () -> {
            int done = 0;
            for (UUID parentId : QuarkusTransaction.requiringNew().call(() -> leavings.ready(jobs.batchSize(JOB)))) {
                if (finish(parentId)) {
                    done++;
                }
            }
            return done;
        }).orElse(0);
        accounts.processDue();
        QuarkusTransaction.requiringNew().run(leavings::deleteGone);
        return finished;
    }

    private LeavingView start(UUID parentId) {
        parentLock.exclusive(parentId);
        Optional<ParentLeaving> existing = leavings.findByIdOptional(parentId);
        if (existing.isPresent()) {
            return LeavingView.of(existing.get());
        }
        ParentLeaving leaving = new ParentLeaving();
        leaving.parentId = parentId;
        leaving.startedAt = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored: a second call answers the same
        eraseChildren(leaving);
        leavings.persist(leaving);
        return LeavingView.of(leaving);
    }

    /**
     * Removes the parent from every child they share (issue 19 item 4: the child stays with its other guardians), then
     * starts an erasure for every child the parent alone holds; returns whether there was any. Their receipts go in the
     * leaving mail, not one notification each (issue 19 item 8).
     */
    private boolean eraseChildren(ParentLeaving leaving) {
        children.leaveShared(leaving.parentId);
        List<UUID> held = children.heldAloneBy(leaving.parentId);
        List<UUID> started = new ArrayList<>();
        for (UUID childId : held) {
            started.add(children.eraseKeepingContact(leaving.parentId, childId).id);
        }
        leaving.erasureIds.addAll(started);
        notifications.receiptsMailedOnLeaving(leaving.parentId, started);
        return !held.isEmpty();
    }

    private boolean finish(UUID parentId) {
        Optional<Receipts> due = QuarkusTransaction.requiringNew().call(() -> receiptsDue(parentId));
        if (due.isEmpty()) {
            return false;
        }
        Receipts receipts = due.get();
        if (receipts.email().isPresent()) {
            try {
                mail.sendLeavingReceipts(receipts.email().get(), languages.of(parentId, null), receipts.byErasure());
            } catch (ProblemException e) {
                LOG.warn("A leaving parent's receipts could not be mailed; their records stay until a later run");
                return false;
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> deleteRecords(parentId, receipts));
    }

    /**
     * The receipts to mail, or empty when the parent is not ready after all: a child registered after they asked to leave
     * gets its erasure now, and the leaving waits for it.
     */
    private Optional<Receipts> receiptsDue(UUID parentId) {
        parentLock.exclusive(parentId);
        ParentLeaving leaving = leavings.findById(parentId);
        if (leaving == null || leaving.dataDeletedAt != null || eraseChildren(leaving)) {
            return Optional.empty();
        }
        Map<UUID, String> byErasure = new LinkedHashMap<>();
        for (UUID erasureId : leaving.erasureIds) {
            byErasure.put(erasureId, erasures.findByIdOptional(erasureId).map(request -> request.receipt).orElse(null));
        }
        if (byErasure.values().stream().anyMatch(receipt -> receipt == null)) {
            return Optional.empty();
        }
        return Optional.of(new Receipts(parents.emailOf(parentId), byErasure));
    }

    /**
     * Deletes the parent's records, or backs off (false) when a child appeared since the receipts were read (the mail
     * went outside the lock): the next run erases it, as {@link #receiptsDue} does, instead of orphaning it.
     */
    private boolean deleteRecords(UUID parentId, Receipts receipts) {
        parentLock.exclusive(parentId);
        ParentLeaving leaving = leavings.findById(parentId);
        if (!children.heldAloneBy(parentId).isEmpty()) {
            return false;
        }
        parents.forget(parentId);
        leaving.dataDeletedAt = clock.instant();
        accounts.record(parentId, AccountDeletion.Reason.LEFT);
        ledger.append(LedgerType.PARENT_DATA_DELETED, null, parentId,
                Map.of("erasureIds", List.copyOf(receipts.byErasure().keySet()), "receiptsMailed", receipts.email().isPresent()));
        return true;
    }

    /** @param byErasure each erasure's signed receipt, by erasure id */
    private record Receipts(Optional<String> email, Map<UUID, String> byErasure) {
    }
}
