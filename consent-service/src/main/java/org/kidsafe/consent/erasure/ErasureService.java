package org.kidsafe.consent.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequestedV2;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The erasure saga (16 CFR 312.6): ask every participant, accept only reports signed with their trusted key, and
 * close the saga with a signed receipt ({@link ErasureReceipts}) once everyone has answered. Silent participants are
 * asked again by {@link OverdueErasureService}; parents follow a saga through {@link ErasureStatusService}.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    private final ErasureRequestRepository requests;
    private final ErasureAnswerRepository answers;
    private final ErasureParticipants participants;
    private final TrustedReportKeys trustedKeys;
    private final ErasureReceipts receipts;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    ErasureService(ErasureRequestRepository requests, ErasureAnswerRepository answers, ErasureParticipants participants,
                   TrustedReportKeys trustedKeys, ErasureReceipts receipts, Ledger ledger, EventOutbox outbox, MeterRegistry meters,
                   Clock clock) {
        this.requests = requests;
        this.answers = answers;
        this.participants = participants;
        this.trustedKeys = trustedKeys;
        this.receipts = receipts;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Starts a saga in the caller's transaction, recording what consent-service already erased itself and who held the
     * child then (issue 19 item 4): each of those guardians sees the erasure in their history, {@code GET /v1/erasures}.
     *
     * @param guardians the child's guardians as the erasure starts, read before the child is deleted; the parent who
     *                  starts it is one of them
     */
    @Transactional(TxType.MANDATORY)
    public ErasureRequest start(UUID childId, UUID parentId, Collection<UUID> guardians, Set<DataCategory> categories,
                                Map<String, Long> ownErased) {
        Instant now = clock.instant();
        ErasureRequest request = new ErasureRequest();
        request.id = UUID.randomUUID();
        request.childId = childId;
        request.parentId = parentId;
        request.categories = categories;
        request.status = ErasureRequest.Status.PENDING;
        request.requestedAt = now;
        request.lastAskedAt = now;
        request.timesAsked = 1;
        request.ownErased = ErasureJson.writeCounts(ownErased);
        request.ownCompletedAt = now;
        requests.persist(request);
        requests.flush(); // the guardians' rows reference the saga
        for (UUID guardianId : guardians) {
            ErasureGuardian guardian = new ErasureGuardian();
            guardian.erasureId = request.id;
            guardian.parentId = guardianId;
            guardian.requestedAt = now;
            requests.getEntityManager().persist(guardian);
        }
        ledger.append(LedgerType.ERASURE_REQUESTED, childId, parentId, Map.of("erasureId", request.id, "categories", categories));
        ledger.append(LedgerType.ERASURE_OWN_DATA_ERASED, childId, parentId, Map.of("erasureId", request.id, "erased", ownErased));
        outbox.publish(childId, new ErasureRequestedV2(request.id, categories, request.requestedAt));
        return request;
    }

    /**
     * Accepts one participant's answer ({@code ErasureCompleted} v1 or v2: the fields are the same). A report that is
     * not signed by the service's trusted key, or that is about another saga or child, is refused as a poison event
     * (parked, never counted). A version 2 report's stores, with their T1 and T2, go into the receipt.
     * <p>
     * The saga is write-locked from the first read to the commit, so the reports of one saga are taken one after the
     * other: the last one sees every earlier answer and issues the receipt. (Two last reports at once each saw only their
     * own answer and neither completed the saga; the ledger's global lock used to order them, until issue 21 item 3
     * removed it.) Sagas of other children never wait for each other.
     */
    @Transactional
    public void acceptReport(UUID childId, UUID erasureId, String service, String signedReport) {
        ErasureRequest request = requests.findById(erasureId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            LOG.warnf("Erasure report from %s for unknown erasure %s ignored", service, erasureId);
            return;
        }
        if (!participants.includes(service)) {
            LOG.warnf("Erasure %s: report from %s, which is not a participant, ignored", request.id, service);
            return;
        }
        if (answers.exists(request.id, service)) {
            LOG.debugf("Erasure %s: %s answered again", request.id, service);
            return;
        }
        ErasureReport report = ErasureJson.report(trustedKeys.verify(service, signedReport));
        if (!request.id.equals(report.erasureId()) || !request.childId.equals(report.childId()) || !childId.equals(request.childId)
                || !service.equals(report.service()) || report.categories() == null || !report.categories().containsAll(request.categories)) {
            throw new PoisonEventException("Erasure report of " + service + " does not match erasure " + request.id);
        }
        if (!report.verifiedEmpty()) {
            meters.counter("kidsafe.erasure.unverified", "service", service).increment();
            LOG.warnf("Erasure %s: %s could not verify that nothing remains; it will be asked again", request.id, service);
            return;
        }
        ErasureAnswer answer = new ErasureAnswer();
        answer.id = UUID.randomUUID();
        answer.erasureId = request.id;
        answer.service = service;
        answer.report = signedReport;
        answer.reportDigest = Hashing.sha256(signedReport);
        answer.erased = ErasureJson.writeCounts(report.erased() == null ? Map.of() : report.erased());
        answer.method = report.method();
        answer.reportCompletedAt = report.completedAt();
        answer.stores = ErasureJson.writeStores(report.stores());
        answer.receivedAt = clock.instant();
        answers.persist(answer);
        ledger.append(LedgerType.ERASURE_REPORT_ACCEPTED, request.childId, request.parentId,
                Map.of("erasureId", request.id, "service", service, "reportDigest", answer.reportDigest));
        if (request.status == ErasureRequest.Status.PENDING && participants.silent(request).isEmpty()) {
            receipts.issue(request);
        }
    }
}
