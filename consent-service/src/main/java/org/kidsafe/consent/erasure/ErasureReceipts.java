package org.kidsafe.consent.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notification.ParentNotifications;
import org.kidsafe.crypto.signing.ServiceSigningKey;
import org.kidsafe.events.schema.ErasureReport;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Closes a saga once every participant has answered: builds the receipt from consent-service's own part and the
 * accepted reports, signs it with the service's key, and records the completion in the ledger. The receipt's T1 and
 * T2 are the latest of its stores' (issue 18 item 1). consent-service's own store holds ids, consents and a parent's
 * contact in the clear, under no per-child key: it is unreadable once its rows are deleted (T1), and its backups keep
 * them until the backup retention ends (no T2; docs/retention-policy.md).
 */
@ApplicationScoped
public class ErasureReceipts {

    private static final Logger LOG = Logger.getLogger(ErasureReceipts.class);
    private static final String OWN_METHOD = "rows deleted; the audit ledger keeps ids and times only";
    private static final String OWN_STORE = "consent database";

    private final ErasureAnswerRepository answers;
    private final ServiceSigningKey signingKey;
    private final Ledger ledger;
    private final ParentNotifications notifications;
    private final Clock clock;
    /** The issuer and consent-service's own part: {@code quarkus.application.name}, the one source of the name. */
    private final String self;

    ErasureReceipts(ErasureAnswerRepository answers, ServiceSigningKey signingKey, Ledger ledger, ParentNotifications notifications,
                    Clock clock, @ConfigProperty(name = "quarkus.application.name") String self) {
        this.answers = answers;
        this.signingKey = signingKey;
        this.ledger = ledger;
        this.notifications = notifications;
        this.clock = clock;
        this.self = self;
    }

    /**
     * Signs the receipt and marks the saga completed, in the caller's transaction, where the parent's mail with the
     * receipt is written too (issue 19 item 8; mailed after the commit).
     */
    @Transactional(TxType.MANDATORY)
    public void issue(ErasureRequest request) {
        Instant now = clock.instant();
        String receipt = signingKey.sign(receipt(request, now));
        request.receipt = receipt;
        request.status = ErasureRequest.Status.COMPLETED;
        request.completedAt = now;
        ledger.append(LedgerType.ERASURE_COMPLETED, request.childId, request.parentId,
                Map.of("erasureId", request.id, "receiptDigest", Hashing.sha256(receipt)));
        notifications.erasureCompleted(request.parentId, request.childId, request.id, receipt, request.categories);
        LOG.infof("Erasure %s complete; receipt signed", request.id);
    }

    private ErasureReceipt receipt(ErasureRequest request, Instant completedAt) {
        List<ErasureReceipt.Part> parts = new ArrayList<>();
        parts.add(new ErasureReceipt.Part(self, null, ErasureJson.readCounts(request.ownErased), OWN_METHOD,
                request.ownCompletedAt, request.ownCompletedAt, List.of(new ErasureReport.Store(OWN_STORE, request.ownCompletedAt, null)),
                null, null, null));
        for (ErasureAnswer answer : answers.listFor(request.id)) {
            ErasureReport report = ErasureJson.storedReport(answer.report);
            parts.add(new ErasureReceipt.Part(answer.service, answer.reportDigest, ErasureJson.readCounts(answer.erased), answer.method,
                    answer.reportCompletedAt, answer.receivedAt, ErasureJson.readStores(answer.stores), report.receivedAt(),
                    report.unreadableAt(), report.bytesGoneAt()));
        }
        List<ErasureReport.Store> stores = parts.stream().flatMap(part -> part.stores().stream()).toList();
        return new ErasureReceipt(self, request.id, request.childId, request.categories, request.requestedAt, completedAt,
                latest(stores.stream().map(ErasureReport.Store::unreadableAt)),
                latest(stores.stream().map(ErasureReport.Store::backupsUnreadableAt)), parts);
    }

    /** The latest of the moments stated, or null if none is. */
    private static Instant latest(Stream<Instant> moments) {
        return moments.filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
