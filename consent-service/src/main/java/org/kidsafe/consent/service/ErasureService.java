package org.kidsafe.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.config.ErasureSettings;
import org.kidsafe.consent.domain.ErasureAnswer;
import org.kidsafe.consent.domain.ErasureRequest;
import org.kidsafe.consent.repository.ErasureAnswerRepository;
import org.kidsafe.consent.repository.ErasureRequestRepository;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureReport;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.crypto.signing.ServiceSigningKey;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The erasure saga (16 CFR 312.6): ask every participant, accept only reports signed with their
 * trusted key, ask again whoever stays silent, and sign a receipt once everyone has answered.
 */
@ApplicationScoped
public class ErasureService {

    /** This service's name in receipts and in the holdings contract. */
    public static final String SELF = "consent-service";
    private static final Logger LOG = Logger.getLogger(ErasureService.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Replicas must not ask the same silent participant twice per deadline. */
    private static final long OVERDUE_LOCK = 0x6b6964736166654fL;
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final ErasureRequestRepository requests;
    private final ErasureAnswerRepository answers;
    private final ErasureSettings settings;
    private final TrustedReportKeys trustedKeys;
    private final ServiceSigningKey signingKey;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final MeterRegistry meters;
    private final EntityManager entityManager;
    private final Clock clock;

    ErasureService(ErasureRequestRepository requests, ErasureAnswerRepository answers, ErasureSettings settings,
                   TrustedReportKeys trustedKeys, ServiceSigningKey signingKey, Ledger ledger, EventOutbox outbox,
                   MeterRegistry meters, EntityManager entityManager, Clock clock) {
        this.requests = requests;
        this.answers = answers;
        this.settings = settings;
        this.trustedKeys = trustedKeys;
        this.signingKey = signingKey;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Starts a saga in the caller's transaction, recording what consent-service already erased itself. */
    @Transactional(TxType.MANDATORY)
    public ErasureRequest start(UUID childId, UUID parentId, Set<DataCategory> categories, Map<String, Long> ownErased) {
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
        request.ownErased = write(ownErased);
        request.ownCompletedAt = now;
        requests.persist(request);
        ledger.append(LedgerType.ERASURE_REQUESTED, childId, parentId, Map.of("erasureId", request.id, "categories", categories));
        ledger.append(LedgerType.ERASURE_OWN_DATA_ERASED, childId, parentId, Map.of("erasureId", request.id, "erased", ownErased));
        outbox.publish(childId, new ErasureRequested(request.id, categories));
        return request;
    }

    /**
     * Accepts one participant's answer. A report that is not signed by the service's trusted key, or
     * that is about another saga or child, is refused as a poison event (parked, never counted).
     */
    @Transactional
    public void acceptReport(UUID childId, ErasureCompleted completed) {
        ErasureRequest request = requests.findById(completed.erasureId());
        String service = completed.service();
        if (request == null) {
            LOG.warnf("Erasure report from %s for unknown erasure %s ignored", service, completed.erasureId());
            return;
        }
        if (!settings.participants().contains(service)) {
            LOG.warnf("Erasure %s: report from %s, which is not a participant, ignored", request.id, service);
            return;
        }
        if (answers.exists(request.id, service)) {
            LOG.debugf("Erasure %s: %s answered again", request.id, service);
            return;
        }
        ErasureReport report = readReport(trustedKeys.verify(service, completed.signedReport()));
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
        answer.report = completed.signedReport();
        answer.reportDigest = Hashing.sha256(completed.signedReport());
        answer.erased = write(report.erased() == null ? Map.of() : report.erased());
        answer.method = report.method();
        answer.reportCompletedAt = report.completedAt();
        answer.receivedAt = clock.instant();
        answers.persist(answer);
        ledger.append(LedgerType.ERASURE_REPORT_ACCEPTED, request.childId, request.parentId,
                Map.of("erasureId", request.id, "service", service, "reportDigest", answer.reportDigest));
        if (request.status == ErasureRequest.Status.PENDING && missing(request).isEmpty()) {
            complete(request);
        }
    }

    /** Asks again every saga a participant has left unanswered past the deadline, and flags it; one replica at a time. */
    @Transactional
    public int askOverdueAgain() {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)").setParameter("lock", OVERDUE_LOCK)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        Instant now = clock.instant();
        List<ErasureRequest> overdue = requests.listOverdue(now.minus(settings.deadline()));
        for (ErasureRequest request : overdue) {
            List<String> silent = missing(request);
            if (silent.isEmpty()) {
                complete(request);
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

    /** A saga the parent started; anyone else gets 404. */
    @Transactional
    public ErasureRequest requireOwned(UUID parentId, UUID erasureId) {
        return requests.findByIdOptional(erasureId)
                .filter(request -> request.parentId.equals(parentId))
                .orElseThrow(() -> ProblemException.notFound("erasure"));
    }

    @Transactional(TxType.SUPPORTS)
    public List<String> missing(ErasureRequest request) {
        List<String> answered = answers.listFor(request.id).stream().map(answer -> answer.service).toList();
        return settings.participants().stream().filter(service -> !answered.contains(service)).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public List<ErasureRequest> listForChild(UUID childId) {
        return requests.listForChild(childId);
    }

    private void complete(ErasureRequest request) {
        Instant now = clock.instant();
        List<ErasureReceipt.Part> parts = new ArrayList<>();
        parts.add(new ErasureReceipt.Part(SELF, null, read(request.ownErased), "rows deleted; the audit ledger keeps ids and times only",
                request.ownCompletedAt, request.ownCompletedAt));
        for (ErasureAnswer answer : answers.listFor(request.id)) {
            parts.add(new ErasureReceipt.Part(answer.service, answer.reportDigest, read(answer.erased), answer.method,
                    answer.reportCompletedAt, answer.receivedAt));
        }
        String receipt = signingKey.sign(new ErasureReceipt(SELF, request.id, request.childId, request.categories, request.requestedAt, now, parts));
        request.receipt = receipt;
        request.status = ErasureRequest.Status.COMPLETED;
        request.completedAt = now;
        ledger.append(LedgerType.ERASURE_COMPLETED, request.childId, request.parentId,
                Map.of("erasureId", request.id, "receiptDigest", Hashing.sha256(receipt)));
        LOG.infof("Erasure %s complete; receipt signed", request.id);
    }

    private static ErasureReport readReport(JsonNode claims) {
        try {
            return JSON.treeToValue(claims, ErasureReport.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException("Erasure report claims are malformed", e);
        }
    }

    private static String write(Map<String, Long> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Long> read(String counts) {
        try {
            return JSON.readValue(counts, COUNTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored erasure counts are not JSON", e);
        }
    }
}
