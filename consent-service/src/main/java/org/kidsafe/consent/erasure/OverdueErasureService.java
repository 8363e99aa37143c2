package org.kidsafe.consent.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureRequested;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sweep for silent participants: a saga someone has left unanswered past {@code kidsafe.erasure.deadline} is
 * asked again (same erasureId), counted in {@code kidsafe.erasure.overdue} and logged; a saga whose last report
 * arrived in the meantime is closed.
 */
@ApplicationScoped
public class OverdueErasureService {

    private static final Logger LOG = Logger.getLogger(OverdueErasureService.class);

    private final ErasureRequestRepository requests;
    private final ErasureSettings settings;
    private final ErasureParticipants participants;
    private final ErasureReceipts receipts;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    OverdueErasureService(ErasureRequestRepository requests, ErasureSettings settings, ErasureParticipants participants,
                          ErasureReceipts receipts, Ledger ledger, EventOutbox outbox, MeterRegistry meters, Clock clock) {
        this.requests = requests;
        this.settings = settings;
        this.participants = participants;
        this.receipts = receipts;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /** Asks again every overdue saga's silent participants; one replica at a time, the others skip this round. */
    @Transactional
    public int askOverdueAgain() {
        if (!requests.tryLockOverdueSweep()) {
            return 0;
        }
        Instant now = clock.instant();
        List<ErasureRequest> overdue = requests.listOverdue(now.minus(settings.deadline()));
        for (ErasureRequest request : overdue) {
            List<String> silent = participants.silent(request);
            if (silent.isEmpty()) {
                receipts.issue(request);
                continue;
            }
            for (String service : silent) {
                meters.counter("kidsafe.erasure.overdue", "service", service).increment();
                LOG.warnf("Erasure %s: %s has not answered after %d request(s); asking again", request.id, service, request.timesAsked);
            }
            outbox.publish(request.childId, new ErasureRequested(request.id, request.categories));
            request.lastAskedAt = now;
            request.timesAsked++;
            ledger.append(LedgerType.ERASURE_PARTICIPANT_OVERDUE, request.childId, request.parentId,
                    Map.of("erasureId", request.id, "services", silent, "timesAsked", request.timesAsked));
        }
        return overdue.size();
    }
}
