package org.kidsafe.consent.replay;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.child.ChildGuardians;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.erasure.ErasureRequest;
import org.kidsafe.consent.erasure.ErasureRequestRepository;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerRepository;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ErasureRequestedV2;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

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
 *   <li>Every consent granted or revoked since then, as it stands now: {@code ConsentRevoked} at its revocation's
 *       instant, or {@code ConsentGranted} at its grant's. A consent projection restored from a backup, or one whose
 *       consumer was down longer than the topic's retention (issue 21 item 5), so ends with each category's state as
 *       consent-service holds it: the envelope carries the change's own instant ({@link EventOutbox#republish}) and the
 *       projection keeps the newest change, so the replay never undoes a change made after it. A deleted child's
 *       consents are gone with it: the participant forgets the child with the erasure.</li>
 *   <li>The guardian set as it stands now ({@code ChildGuardiansChanged}, issue 19 item 4) of every child named above and
 *       of every child whose set changed since then (registration, accepted invitation, removal: read from the ledger,
 *       the one record of a removal). A restored projection holds the set of the backup, and a projection keeps a set
 *       unless a newer one arrives: without this, a guardian removed since the backup could act for the child there
 *       again, and one added since could not. The whole set, announced now: a duplicate changes nothing.</li>
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
    private final LedgerRepository ledgerEntries;
    private final ChildGuardians guardians;
    private final EventOutbox outbox;
    private final Clock clock;

    ErasureReplayService(ErasureRequestRepository requests, ConsentRecordRepository consents, Ledger ledger,
                         LedgerRepository ledgerEntries, ChildGuardians guardians, EventOutbox outbox, Clock clock) {
        this.requests = requests;
        this.consents = consents;
        this.ledger = ledger;
        this.ledgerEntries = ledgerEntries;
        this.guardians = guardians;
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
        Set<UUID> children = new LinkedHashSet<>();
        walk(after -> requests.pageRequestedBetween(since, until, after, PAGE), (ErasureRequest request) -> {
            replay(replayId, since, request);
            replayed.add(request.id);
            children.add(request.childId);
        });
        Consumer<ConsentRecord> announceConsent = consent -> {
            announceNow(consent);
            children.add(consent.childId);
        };
        // A consent both walks find (granted and revoked in the span) is sent twice, harmlessly.
        int consentChanges = walk(after -> consents.pageGrantedBetween(since, until, after, PAGE), announceConsent)
                + walk(after -> consents.pageRevokedBetween(since, until, after, PAGE), announceConsent);
        children.addAll(QuarkusTransaction.requiringNew().call(() -> ledgerEntries.childrenWithGuardianChangesBetween(since, until)));
        int guardianSets = announceGuardianSets(List.copyOf(children));
        LOG.infof("Erasure replay %s: %d erasure(s) requested, %d consent change(s) and %d guardian set(s) since %s announced again",
                replayId, replayed.size(), consentChanges, guardianSets, since);
        return new ErasureReplayView(replayId, since, until, replayed.size(), replayed, consentChanges);
    }

    /**
     * Walks a keyset page after page ({@value #PAGE} each, the page after the last item of the one before), each page
     * and what {@code announce} does with its items in a transaction of its own.
     *
     * @return how many items were walked
     */
    private static <T> int walk(Function<T, List<T>> pageAfter, Consumer<T> announce) {
        int walked = 0;
        List<T> page;
        T last = null;
        do {
            T after = last;
            page = QuarkusTransaction.requiringNew().call(() -> {
                List<T> items = pageAfter.apply(after);
                items.forEach(announce);
                return items;
            });
            walked += page.size();
            last = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == PAGE);
        return walked;
    }

    /** Each child's guardian set as it stands now, {@value #PAGE} children per transaction; returns how many were announced. */
    private int announceGuardianSets(List<UUID> children) {
        int announced = 0;
        for (int from = 0; from < children.size(); from += PAGE) {
            List<UUID> page = children.subList(from, Math.min(from + PAGE, children.size()));
            announced += QuarkusTransaction.requiringNew().call(() -> (int) page.stream().filter(guardians::announceAgain).count());
        }
        return announced;
    }

    private void replay(UUID replayId, Instant since, ErasureRequest request) {
        outbox.publish(request.childId, new ErasureRequestedV2(request.id, request.categories, request.requestedAt));
        ledger.append(LedgerType.ERASURE_REPLAYED, request.childId, request.parentId,
                Map.of("erasureId", request.id, "replayId", replayId, "since", since));
    }

    private void announceNow(ConsentRecord consent) {
        if (consent.isActive()) {
            outbox.republish(consent.childId, new ConsentGranted(consent.parentId, consent.category, consent.noticeVersion,
                    consent.assuranceLevel), consent.grantedAt);
        } else {
            outbox.republish(consent.childId, new ConsentRevoked(consent.parentId, consent.category), consent.revokedAt);
        }
    }
}
