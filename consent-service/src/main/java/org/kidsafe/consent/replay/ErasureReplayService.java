package org.kidsafe.consent.replay;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.erasure.ErasureRequest;
import org.kidsafe.consent.erasure.ErasureRequestRepository;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ErasureRequestedV2;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erasures survive a database restore (issue 18 item 1): a participant's database restored from a backup has forgotten
 * every erasure since the backup, and with it the child's rows and wrapped data key are back. This re-announces every
 * erasure recorded since a given instant through the normal event path, so each participant erases again:
 * <ul>
 *   <li>{@code ErasureRequested} again, same {@code erasureId}, in a new envelope (the outbox gives every event a new
 *       id, so a participant's inbox does not drop it as a duplicate). A participant erases whatever the restore brought
 *       back (rows, data key, consent-projection rows), leaves the tombstones of a deleted child again (data key,
 *       consent projection), and answers as usual; a participant whose database was not restored finds nothing and
 *       answers again, which the saga ignores ({@code ErasureService.acceptReport}: the service already answered). A
 *       completed saga stays completed with its receipt.</li>
 *   <li>For an erasure of some categories only (a revocation), the category's consent state as it is now
 *       ({@code ConsentRevoked}, or {@code ConsentGranted} when the parent granted it again since), so a restored consent
 *       projection no longer lets the service collect what the parent withdrew. A deleted child needs none: the
 *       participant forgets it with the erasure.</li>
 * </ul>
 * Each replayed erasure is recorded in the ledger ({@link LedgerType#ERASURE_REPLAYED}: ids only). Replaying is safe to
 * repeat and to interrupt: pages of {@value #PAGE} sagas commit one by one, and running it again re-announces them all.
 */
@ApplicationScoped
public class ErasureReplayService {

    /** Sagas per transaction: a restore may lie days back, and one transaction must not hold thousands of events. */
    static final int PAGE = 200;

    private static final Logger LOG = Logger.getLogger(ErasureReplayService.class);

    private final ErasureRequestRepository requests;
    private final ConsentRecordRepository consents;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final Clock clock;

    ErasureReplayService(ErasureRequestRepository requests, ConsentRecordRepository consents, Ledger ledger, EventOutbox outbox,
                         Clock clock) {
        this.requests = requests;
        this.consents = consents;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Re-announces every erasure requested from {@code since} until now, oldest first.
     *
     * @param since the instant the restored backup was taken (earlier is harmless: those erasures are simply replayed too)
     */
    public ErasureReplayView replaySince(Instant since) {
        Instant until = clock.instant();
        if (since.isAfter(until)) {
            throw ProblemException.badRequest("since-in-future", "since must not lie in the future; give the instant the backup was taken.");
        }
        UUID replayId = UUID.randomUUID();
        List<UUID> replayed = new ArrayList<>();
        List<ErasureRequest> page;
        ErasureRequest last = null;
        do {
            ErasureRequest after = last;
            page = QuarkusTransaction.requiringNew().call(() -> replayPage(replayId, since, until, after));
            page.forEach(request -> replayed.add(request.id));
            last = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == PAGE);
        LOG.infof("Erasure replay %s: %d erasure(s) requested since %s announced again", replayId, replayed.size(), since);
        return new ErasureReplayView(replayId, since, until, replayed.size(), replayed);
    }

    private List<ErasureRequest> replayPage(UUID replayId, Instant since, Instant until, ErasureRequest after) {
        List<ErasureRequest> page = requests.pageRequestedBetween(since, until, after, PAGE);
        for (ErasureRequest request : page) {
            if (!request.categories.containsAll(EnumSet.allOf(DataCategory.class))) {
                request.categories.forEach(category -> announceConsentNow(request, category));
            }
            outbox.publish(request.childId, new ErasureRequestedV2(request.id, request.categories, request.requestedAt));
            ledger.append(LedgerType.ERASURE_REPLAYED, request.childId, request.parentId,
                    Map.of("erasureId", request.id, "replayId", replayId, "since", since));
        }
        return page;
    }

    /** The category's consent as it stands now; nothing when the child is gone since (its deletion is replayed too). */
    private void announceConsentNow(ErasureRequest request, DataCategory category) {
        ConsentRecord latest = consents.findLatest(request.childId, category).orElse(null);
        if (latest == null) {
            return;
        }
        if (latest.isActive()) {
            outbox.publish(request.childId, new ConsentGranted(latest.parentId, category, latest.noticeVersion, latest.assuranceLevel));
        } else {
            outbox.publish(request.childId, new ConsentRevoked(latest.parentId, category));
        }
    }
}
