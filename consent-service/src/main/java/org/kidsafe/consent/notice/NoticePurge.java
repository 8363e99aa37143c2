package org.kidsafe.consent.notice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.retention.Batches;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerSettings;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A notice version is kept to show parents the exact text they agreed to (16 CFR 312.4): while a consent record or a
 * ledger entry (a grant's) names it. After that, and once it is older than the ledger's period
 * ({@link LedgerSettings#keepFor}, 3 years), a version that is not the current one is deleted (issue 18: nothing is kept
 * forever). Run by {@code NoticePurgeJob}.
 * <p>
 * Bounded, and one replica at a time: batches run under the publish lock, so a purge and a publication do not
 * interleave. Each deleted version is recorded in the ledger with its number and hash.
 */
@ApplicationScoped
public class NoticePurge {

    /** Versions per transaction. */
    private static final int BATCH = 50;

    private final NoticeRepository notices;
    private final NoticeService noticeService;
    private final LedgerSettings ledgerSettings;
    private final Ledger ledger;
    private final Clock clock;

    NoticePurge(NoticeRepository notices, NoticeService noticeService, LedgerSettings ledgerSettings, Ledger ledger, Clock clock) {
        this.notices = notices;
        this.noticeService = noticeService;
        this.ledgerSettings = ledgerSettings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Deletes every version that is due, batch by batch; returns how many. */
    public int purgeDue() {
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(this::purgeBatch));
    }

    private int purgeBatch() {
        notices.lockForPublish();
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(ledgerSettings.keepFor()).toInstant();
        List<Notice> due = notices.unnamedPublishedBefore(noticeService.current().version, cutoff, BATCH);
        for (Notice notice : due) {
            notices.delete(notice);
            ledger.append(LedgerType.NOTICE_VERSION_PURGED, null, null, Map.of("version", notice.version,
                    "contentHash", notice.contentHash, "keepFor", ledgerSettings.keepFor().toString()));
        }
        return due.size();
    }
}
