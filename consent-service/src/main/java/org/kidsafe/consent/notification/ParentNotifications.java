package org.kidsafe.consent.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.kidsafe.commons.access.Guardians;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.preference.ParentLanguages;
import org.kidsafe.consent.verification.ParentForgotten;
import org.kidsafe.consent.verification.ParentMail;
import org.kidsafe.consent.verification.ParentRecords;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.events.schema.RetentionApproaching;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Notifications by email (issue 19 item 8): an erasure completed (with its signed receipt), a toy paired with or
 * unpaired from a child, and a weekly digest of data about to reach its retention limit (opt-out). What to tell is
 * written as a {@link ParentNotification} in the transaction of what it tells (the event taken by the inbox, the
 * receipt issued, the week's digest); {@link #sendDue} mails it after that committed, never inside a transaction
 * (house rule: no remote call in a database transaction). Its unique (parent, kind, subject) and the inbox's
 * idempotency make each notification written once; a failed mail is un-claimed and sent by a later run, never lost.
 * A claim whose mail then cannot be confirmed (the process died mid-send) is not retried: at most once, as the renewal
 * mails ({@code NoticeRenewals}).
 */
@ApplicationScoped
public class ParentNotifications {

    static final String MAIL_JOB = "notification-mail";
    static final String DIGEST_JOB = "retention-digest";
    /** Mailed rows are kept past a week, so that a second digest run of the same week finds that week's digest. */
    static final Duration KEEP_MAILED = Duration.ofDays(14);

    private static final Logger LOG = Logger.getLogger(ParentNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final ParentNotificationRepository notifications;
    private final NotificationSettingRepository settings;
    private final Guardians guardians;
    private final ParentRecords parents;
    private final ParentLanguages languages;
    private final NotificationMail renderer;
    private final ParentMail mail;
    private final JobLock jobs;
    private final Clock clock;

    ParentNotifications(ParentNotificationRepository notifications, NotificationSettingRepository settings, Guardians guardians,
                        ParentRecords parents, ParentLanguages languages, NotificationMail renderer, ParentMail mail, JobLock jobs,
                        Clock clock) {
        this.notifications = notifications;
        this.settings = settings;
        this.guardians = guardians;
        this.parents = parents;
        this.languages = languages;
        this.renderer = renderer;
        this.mail = mail;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * The erasure's receipt was issued: it is mailed to the parent who asked, inline, with the categories erased (the
     * whole child, or a category they asked to delete). Unless their leaving mails it ({@link #receiptsMailedOnLeaving});
     * with the address kept for it when their contact went with their last child.
     */
    @Transactional(TxType.MANDATORY)
    public void erasureCompleted(UUID parentId, UUID childId, UUID erasureId, String receipt, Set<DataCategory> categories) {
        Optional<ParentNotification> waiting = notifications.findOne(parentId, ParentNotification.Kind.ERASURE_COMPLETED, erasureId.toString());
        ParentNotification notification = waiting.orElseGet(() -> create(parentId, ParentNotification.Kind.ERASURE_COMPLETED, erasureId.toString(), childId));
        if (notification.mailedAt == null && notification.readyAt == null) {
            notification.payload = write(new ErasureLetter(receipt, new TreeSet<>(categories)));
            notification.readyAt = now();
        }
    }

    /**
     * The parent's contact is deleted with their last child (16 CFR 312.10), before that child's erasure completes: the
     * address is kept with this one notification only, until the receipt is mailed, then cleared.
     */
    @Transactional(TxType.MANDATORY)
    public void keepAddressForReceipt(UUID parentId, UUID childId, UUID erasureId, String address) {
        ParentNotification notification = create(parentId, ParentNotification.Kind.ERASURE_COMPLETED, erasureId.toString(), childId);
        notification.address = address;
    }

    /** A leaving parent gets these erasures' receipts in their leaving mail ({@code LeavingService}), not one mail each. */
    @Transactional(TxType.MANDATORY)
    public void receiptsMailedOnLeaving(UUID parentId, Collection<UUID> erasureIds) {
        for (UUID erasureId : erasureIds) {
            ParentNotification notification = notifications.findOne(parentId, ParentNotification.Kind.ERASURE_COMPLETED, erasureId.toString())
                    .orElseGet(() -> create(parentId, ParentNotification.Kind.ERASURE_COMPLETED, erasureId.toString(), null));
            if (notification.mailedAt == null) {
                notification.mailedAt = now();
            }
        }
    }

    /**
     * profile-service paired a toy with the child ({@code ToyPaired} v2, taken once by the inbox): every guardian is told,
     * so one who did not pair it can unpair it. An event naming a parent who is not the child's guardian tells nobody.
     */
    @Transactional(TxType.MANDATORY)
    public void toyPaired(UUID eventId, UUID childId, UUID pairedBy) {
        Set<UUID> told = guardians.guardiansOf(childId);
        if (!told.contains(pairedBy)) {
            LOG.warnf("ToyPaired %s for child %s names a parent who is not its guardian; nobody told", eventId, childId);
            return;
        }
        told.forEach(parentId -> create(parentId, ParentNotification.Kind.TOY_PAIRED, eventId.toString(), childId).readyAt = now());
    }

    /**
     * A toy's binding ended ({@code ToyUnpaired} v2, which names no parent): the child's guardians are told. A child
     * already erased has none, and its erasure mail says more.
     */
    @Transactional(TxType.MANDATORY)
    public void toyUnpaired(UUID eventId, UUID childId) {
        guardians.guardiansOf(childId).forEach(parentId ->
                create(parentId, ParentNotification.Kind.TOY_UNPAIRED, eventId.toString(), childId).readyAt = now());
    }

    /** media-service's weekly count for a child (taken once by the inbox); the newest report per child is kept. */
    @Transactional(TxType.MANDATORY)
    public void retentionApproaching(UUID childId, RetentionApproaching approaching, Instant occurredAt) {
        if (guardians.guardiansOf(childId).isEmpty()) {
            return;
        }
        RetentionApproachingRecord report = notifications.getEntityManager().find(RetentionApproachingRecord.class, childId);
        if (report != null && report.reportedAt.isAfter(occurredAt)) {
            return;
        }
        RetentionApproachingRecord kept = report == null ? new RetentionApproachingRecord() : report;
        kept.items = write(approaching.items());
        kept.earliestPurgeAt = approaching.earliestPurgeAt();
        kept.until = approaching.until();
        kept.reportedAt = occurredAt;
        if (report == null) {
            kept.childId = childId;
            notifications.getEntityManager().persist(kept);
        }
    }

    /** The parent's settings, or the defaults. */
    @Transactional(TxType.REQUIRED)
    public NotificationSettingsView settingsOf(UUID parentId) {
        return settings.findByIdOptional(parentId).map(setting -> new NotificationSettingsView(setting.retentionDigest))
                .orElse(NotificationSettingsView.DEFAULTS);
    }

    @Transactional(TxType.REQUIRED)
    public NotificationSettingsView update(UUID parentId, boolean retentionDigest) {
        NotificationSetting setting = settings.findByIdOptional(parentId).orElseGet(NotificationSetting::new);
        setting.retentionDigest = retentionDigest;
        setting.updatedAt = now();
        if (setting.parentId == null) {
            setting.parentId = parentId;
            settings.persist(setting);
        }
        return new NotificationSettingsView(setting.retentionDigest);
    }

    /**
     * Writes this week's retention digest for every parent owed one (one per parent per ISO week, starting Monday UTC;
     * not to a parent who opted out), in batches, on one replica at a time; then drops reports whose window ended.
     *
     * @return how many digests were written
     */
    public int writeDigests() {
        return jobs.runAlone(DIGEST_JOB, () -> {
            int size = jobs.batchSize(DIGEST_JOB);
            Instant now = now();
            String week = LocalDate.ofInstant(now, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            int written = Batches.untilShort(size, () -> QuarkusTransaction.requiringNew().call(() -> digestBatch(now, week, size)));
            Batches.untilShort(size, () -> QuarkusTransaction.requiringNew().call(() -> notifications.deleteEndedRetention(now, size)));
            return written;
        }).orElse(0);
    }

    private int digestBatch(Instant now, String week, int size) {
        List<UUID> owed = notifications.parentsOwedDigest(now, week, size);
        for (UUID parentId : owed) {
            List<DigestChild> children = notifications.retentionOfChildren(parentId, now).stream()
                    .map(report -> new DigestChild(report.childId, read(report.items), report.earliestPurgeAt)).toList();
            ParentNotification digest = create(parentId, ParentNotification.Kind.RETENTION_DIGEST, week, null);
            digest.payload = write(children);
            digest.readyAt = now;
        }
        return owed.size();
    }

    /**
     * Mails every notification that is ready, claimed in batches under {@code FOR UPDATE SKIP LOCKED} (replicas share
     * them) and mailed after the claim committed; then deletes those mailed over {@link #KEEP_MAILED} ago.
     *
     * @return how many were mailed
     */
    public int sendDue() {
        int size = jobs.batchSize(MAIL_JOB);
        int sent = Batches.claimThenSend(size, () -> {
            Instant now = now();
            return QuarkusTransaction.requiringNew().call(() -> claim(now, size));
        }, this::send);
        Instant cutoff = now().minus(KEEP_MAILED);
        Batches.untilShort(size, () -> QuarkusTransaction.requiringNew().call(() -> notifications.deleteMailedBefore(cutoff, size)));
        return sent;
    }

    private List<Claimed> claim(Instant now, int size) {
        return notifications.dueForUpdate(size).stream().map(notification -> {
            notification.mailedAt = now;
            Optional<String> address = Optional.ofNullable(notification.address).or(() -> parents.emailOf(notification.parentId));
            if (address.isEmpty()) {
                LOG.debugf("Notification %s: the parent has no address; nobody to tell", notification.id);
            }
            return address.map(to -> new Claimed(notification.id, to, languages.of(notification.parentId, null), now,
                    notification.kind, notification.childId,
                    notification.subjectKey, notification.payload)).orElse(null);
        }).filter(claimed -> claimed != null).toList();
    }

    private boolean send(Claimed claimed) {
        try {
            mail.sendRendered(claimed.address(), switch (claimed.kind()) {
                case ERASURE_COMPLETED -> renderer.erasureCompleted(claimed.language(), UUID.fromString(claimed.subjectKey()), claimed.childId(),
                        read(claimed.payload(), ErasureLetter.class));
                case TOY_PAIRED -> renderer.toyPaired(claimed.language(), claimed.childId(), claimed.claimedAt());
                case TOY_UNPAIRED -> renderer.toyUnpaired(claimed.language(), claimed.childId(), claimed.claimedAt());
                case RETENTION_DIGEST -> renderer.retentionDigest(claimed.language(), readDigest(claimed.payload()));
            });
        } catch (ProblemException e) {
            LOG.warnf("A %s notification could not be mailed; it stays due", claimed.kind());
            QuarkusTransaction.requiringNew().run(() -> notifications.findByIdOptional(claimed.id())
                    .filter(notification -> claimed.claimedAt().equals(notification.mailedAt))
                    .ifPresent(notification -> notification.mailedAt = null));
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> notifications.findByIdOptional(claimed.id())
                .ifPresent(notification -> notification.address = null));
        return true;
    }

    /** A parent's notifications and settings go with the rest of their records (leaving, idle purge; issue 19 item 5). */
    void forget(@Observes ParentForgotten forgotten) {
        notifications.delete("parentId", forgotten.parentId());
        settings.deleteById(forgotten.parentId());
    }

    private ParentNotification create(UUID parentId, ParentNotification.Kind kind, String subjectKey, UUID childId) {
        return notifications.findOne(parentId, kind, subjectKey).orElseGet(() -> {
            ParentNotification notification = new ParentNotification();
            notification.id = UUID.randomUUID();
            notification.parentId = parentId;
            notification.kind = kind;
            notification.subjectKey = subjectKey;
            notification.childId = childId;
            notification.createdAt = now();
            notifications.persist(notification);
            return notification;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored: the un-claim compares it
    }

    /** What an erasure's mail says: its signed receipt and the categories it erased. */
    public record ErasureLetter(String receipt, Set<DataCategory> categories) {
    }

    /** One child's lines in a digest: items purged soon per category, and when the first goes. */
    public record DigestChild(UUID childId, Map<DataCategory, Long> items, Instant earliestPurgeAt) {
    }

    private record Claimed(UUID id, String address, Language language, Instant claimedAt, ParentNotification.Kind kind, UUID childId, String subjectKey,
                           String payload) {
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<DataCategory, Long> read(String items) {
        try {
            return JSON.readValue(items, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<DigestChild> readDigest(String payload) {
        try {
            return JSON.readValue(payload, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
