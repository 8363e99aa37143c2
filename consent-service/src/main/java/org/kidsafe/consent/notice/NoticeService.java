package org.kidsafe.consent.notice;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.preference.Language;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Keeps the stored notice versions in step with the generated text: new text, new version. */
@ApplicationScoped
public class NoticeService {

    private final NoticeRepository notices;
    private final NoticeGenerator generator;
    private final Ledger ledger;
    private final Clock clock;

    NoticeService(NoticeRepository notices, NoticeGenerator generator, Ledger ledger, Clock clock) {
        this.notices = notices;
        this.generator = generator;
        this.ledger = ledger;
        this.clock = clock;
    }

    void publishAtStartup(@Observes StartupEvent startup) {
        current();
    }

    /** The notice for the current settings, stored as a new version if its text changed in either language. */
    @Transactional
    public Notice current() {
        return publish(generator.generate(Language.EN).text(), generator.generate(Language.ES).text());
    }

    /**
     * The current notice with its structured contents in {@code language}, from one generation: what is mailed to a parent
     * (issue 19 items 2 and 10).
     */
    @Transactional
    public CurrentNotice currentWithContent(Language language) {
        NoticeContent english = generator.generate(Language.EN);
        NoticeContent spanish = generator.generate(Language.ES);
        Notice notice = publish(english.text(), spanish.text());
        return new CurrentNotice(notice, language == Language.ES ? spanish : english, language);
    }

    /** A stored version, the language it is mailed in and the contents its text in that language was generated from. */
    public record CurrentNotice(Notice notice, NoticeContent content, Language language) {

        public String text() {
            return notice.text(language);
        }

        /** The SHA-256 of {@link #text()}: what a consent under this mail names. */
        public String hash() {
            return notice.contentHash(language);
        }
    }

    /**
     * Stores the texts as the next version unless a version with the same two hashes exists (issue 19 item 10: a version
     * is its English and its Spanish text; {@code textEs} null for an English-only version, as tests publish).
     */
    @Transactional
    public Notice publish(String text, String textEs) {
        String hash = Hashing.sha256(text);
        String hashEs = textEs == null ? null : Hashing.sha256(textEs);
        Optional<Notice> known = notices.findByHashes(hash, hashEs);
        if (known.isPresent()) {
            return known.get();
        }
        notices.lockForPublish();
        return notices.findByHashes(hash, hashEs).orElseGet(() -> {
            Notice notice = new Notice();
            notice.version = notices.latest().map(latest -> latest.version + 1).orElse(1);
            notice.contentHash = hash;
            notice.text = text;
            notice.contentHashEs = hashEs;
            notice.textEs = textEs;
            notice.publishedAt = clock.instant();
            notices.persist(notice);
            return notice;
        });
    }

    /**
     * Records a compliance officer's decision that the current version is a material change (16 CFR 312.4(b), issue 19
     * item 3): whether a change is material is a judgement, never inferred from the text. Only the current version can be
     * marked, once; marking it again changes nothing. The renewal job then puts consents under earlier versions into
     * "needs renewal" and emails their parents.
     */
    @Transactional
    public Notice markMaterial(UUID officerId, int version) {
        version(version);
        Notice current = current();
        if (current.version != version) {
            throw new ProblemException(409, "notice-not-current", "Notice not current",
                    "Only the current notice can be marked material.", Map.of("currentNoticeVersion", current.version));
        }
        notices.lockForPublish();
        Notice notice = notices.findById(version);
        if (notice.materialAt == null) {
            notice.materialAt = clock.instant();
            ledger.append(LedgerType.NOTICE_MARKED_MATERIAL, null, null, Map.of("version", notice.version,
                    "contentHash", notice.contentHash, "officerId", officerId.toString()));
        }
        return notice;
    }

    /** The newest version marked material, if any: consents under older versions need renewal (issue 19 item 3). */
    @Transactional
    public OptionalInt latestMaterialVersion() {
        return notices.latestMaterial().map(notice -> OptionalInt.of(notice.version)).orElse(OptionalInt.empty());
    }

    /** What changed from version {@code since} to {@code version} (issue 19 item 3); {@code since} must be the older. */
    @Transactional
    public NoticeChanges changes(int version, int since) {
        if (since >= version) {
            throw ProblemException.badRequest("invalid-since", "since must name a version older than " + version + ".");
        }
        return NoticeChanges.between(version(since), version(version));
    }

    @Transactional
    public Notice version(int version) {
        return notices.findByIdOptional(version).orElseThrow(() -> ProblemException.notFound("notice"));
    }
}
