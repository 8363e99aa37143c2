package org.kidsafe.consent.renewal;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.consent.ConsentService;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notice.NoticeChanges;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.consent.notice.NoticeService.CurrentNotice;
import org.kidsafe.consent.verification.NoticeMail;
import org.kidsafe.consent.preference.ParentLanguages;
import org.kidsafe.consent.verification.ParentContact;
import org.kidsafe.consent.verification.ParentContactRepository;
import org.kidsafe.consent.verification.ParentMail;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.jobs.JobLock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Material changes of the direct notice (16 CFR 312.4(b), issue 19 item 3), in three steps, each in bounded batches of
 * {@code kidsafe.jobs.notice-renewal.batch} with a short transaction each, one replica at a time ({@link JobLock}); run by
 * {@code NoticeRenewalJob}:
 * <ol>
 *   <li>every active consent given under a version older than the newest material one becomes due for renewal at now +
 *   {@code kidsafe.consent.notice.renewal-grace} (30 days), a parent's consents together, each recorded in the ledger;</li>
 *   <li>each such parent with an address is emailed once: what changed, the deadline, the privacy center's link and the
 *   current notice. Claimed in a transaction, mailed after it commits; a failed mail un-claims for a later run;</li>
 *   <li>a consent not renewed by its deadline lapses ({@link ConsentService#lapse}): collection under it stops in every
 *   service through the usual ConsentRevoked.</li>
 * </ol>
 * A non-material version changes nothing for existing consents.
 */
@ApplicationScoped
public class NoticeRenewals {

    static final String JOB = "notice-renewal";
    private static final Logger LOG = Logger.getLogger(NoticeRenewals.class);

    private final ConsentRecordRepository consents;
    private final ConsentService consentService;
    private final NoticeService notices;
    private final Duration grace;
    private final String privacyCenterUrl;
    private final ParentContactRepository contacts;
    private final NoticeMail noticeMail;
    private final ParentLanguages languages;
    private final ParentMail mail;
    private final Ledger ledger;
    private final JobLock jobs;
    private final Clock clock;

    /**
     * @param grace            {@code kidsafe.consent.notice.renewal-grace}: how long a parent has to renew (30 days)
     * @param privacyCenterUrl {@code kidsafe.consent.privacy-center-url}: where the mail sends the parent to renew
     */
    NoticeRenewals(ConsentRecordRepository consents, ConsentService consentService, NoticeService notices,
                   @ConfigProperty(name = "kidsafe.consent.notice.renewal-grace", defaultValue = "P30D") Duration grace,
                   @ConfigProperty(name = "kidsafe.consent.privacy-center-url", defaultValue = "https://kidsafe.invalid/privacy-center/")
                   String privacyCenterUrl,
                   ParentContactRepository contacts, NoticeMail noticeMail, ParentMail mail, ParentLanguages languages, Ledger ledger,
                   JobLock jobs, Clock clock) {
        this.consents = consents;
        this.languages = languages;
        this.consentService = consentService;
        this.notices = notices;
        this.grace = grace;
        this.privacyCenterUrl = privacyCenterUrl;
        this.contacts = contacts;
        this.noticeMail = noticeMail;
        this.mail = mail;
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What one pass did: parents whose consents became due, parents mailed, consents lapsed. */
    public record Pass(int parentsDue, int parentsMailed, int consentsLapsed) {
    }

    /** One pass of the three steps; nothing if another replica runs it. */
    public Pass run() {
        return jobs.runAlone(JOB, () -> new Pass(markDue(), mailDue(), lapseDue())).orElse(new Pass(0, 0, 0));
    }

    private int markDue() {
        OptionalInt material = QuarkusTransaction.requiringNew().call(notices::latestMaterialVersion);
        if (material.isEmpty()) {
            return 0;
        }
        int size = jobs.batchSize(JOB);
        return Batches.untilShort(size, () -> QuarkusTransaction.requiringNew().call(() -> markBatch(material.getAsInt(), size)));
    }

    private int markBatch(int materialVersion, int size) {
        List<UUID> parents = consents.parentsToRenew(materialVersion, size);
        if (parents.isEmpty()) {
            return 0;
        }
        Instant due = clock.instant().plus(grace).truncatedTo(ChronoUnit.MICROS);
        for (ConsentRecord consent : consents.toRenewForUpdate(parents, materialVersion)) {
            consent.renewalDueAt = due;
            consent.renewalMailedAt = null;
            ledger.append(LedgerType.CONSENT_RENEWAL_DUE, consent.childId, consent.parentId, Map.of("category", consent.category.name(),
                    "noticeVersion", consent.noticeVersion, "materialVersion", materialVersion, "renewalDueAt", due.toString()));
        }
        return parents.size();
    }

    private int mailDue() {
        int size = jobs.batchSize(JOB);
        return Batches.claimThenSend(size, () -> {
            // Stored with microseconds: the same instant un-claims a parent's consents whose mail failed.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return QuarkusTransaction.requiringNew().call(() -> claimMails(now, size));
        }, this::send);
    }

    private List<Renewal> claimMails(Instant now, int size) {
        return consents.parentsToMailAboutRenewal(size).stream().map(parentId -> {
            List<ConsentRecord> due = consents.unmailedRenewalsForUpdate(parentId);
            due.forEach(consent -> consent.renewalMailedAt = now);
            ParentContact contact = contacts.findById(parentId);
            return new Renewal(parentId, contact.email, now, due.stream().map(consent -> consent.id).toList(),
                    new TreeSet<>(due.stream().map(consent -> consent.category).toList()),
                    due.stream().mapToInt(consent -> consent.noticeVersion).min().orElseThrow(),
                    due.stream().map(consent -> consent.renewalDueAt).min(Comparator.naturalOrder()).orElseThrow(),
                    (int) due.stream().map(consent -> consent.childId).distinct().count());
        }).filter(renewal -> !renewal.consentIds().isEmpty()).toList();
    }

    private boolean send(Renewal renewal) {
        CurrentNotice current = notices.currentWithContent(languages.of(renewal.parentId(), null));
        try {
            List<NoticeChanges.SectionChange> changes = renewal.since() < current.notice().version
                    ? notices.changes(current.notice().version, renewal.since()).sections() : List.of();
            mail.sendRendered(renewal.email(), noticeMail.renewalNeeded(current, renewal.since(), changes, renewal.categories(), renewal.children(),
                    renewal.dueAt(), privacyCenterUrl));
        } catch (ProblemException e) {
            LOG.warn("A renewal mail could not be sent; it stays due");
            QuarkusTransaction.requiringNew().run(() -> renewal.consentIds().forEach(id -> consents.findByIdOptional(id)
                    .filter(consent -> renewal.claimedAt().equals(consent.renewalMailedAt))
                    .ifPresent(consent -> consent.renewalMailedAt = null)));
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> ledger.append(LedgerType.CONSENT_RENEWAL_MAILED, null, renewal.parentId(),
                Map.of("noticeVersion", current.notice().version, "noticeHash", current.hash(),
                        "consents", renewal.consentIds().size())));
        return true;
    }

    private int lapseDue() {
        int size = jobs.batchSize(JOB);
        return Batches.untilShort(size, () -> QuarkusTransaction.requiringNew().call(() -> {
            List<ConsentRecord> lapsed = consents.renewalLapsedForUpdate(clock.instant(), size);
            lapsed.forEach(consentService::lapse);
            return lapsed.size();
        }));
    }

    /**
     * One parent's mail: the consents it covers, claimed at {@code claimedAt}; {@code since} the oldest notice they were
     * given under, the diff's base.
     */
    private record Renewal(UUID parentId, String email, Instant claimedAt, List<UUID> consentIds, TreeSet<DataCategory> categories,
                           int since, Instant dueAt, int children) {
    }
}
