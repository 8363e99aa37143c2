package org.kidsafe.consent.notice;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.commons.problem.ProblemException;

import java.time.Clock;
import java.util.Optional;

/** Keeps the stored notice versions in step with the generated text: new text, new version. */
@ApplicationScoped
public class NoticeService {

    private final NoticeRepository notices;
    private final NoticeGenerator generator;
    private final Clock clock;

    NoticeService(NoticeRepository notices, NoticeGenerator generator, Clock clock) {
        this.notices = notices;
        this.generator = generator;
        this.clock = clock;
    }

    void publishAtStartup(@Observes StartupEvent startup) {
        current();
    }

    /** The notice for the current settings, stored as a new version if its text changed. */
    @Transactional
    public Notice current() {
        return publish(generator.generate().text());
    }

    /** The current notice with its structured contents, from one generation: what is mailed to a parent (issue 19 item 2). */
    @Transactional
    public CurrentNotice currentWithContent() {
        NoticeContent content = generator.generate();
        return new CurrentNotice(publish(content.text()), content);
    }

    /** A stored version and the contents its text was generated from. */
    public record CurrentNotice(Notice notice, NoticeContent content) {
    }

    /** Stores the text as the next version unless a version with the same hash exists. */
    @Transactional
    public Notice publish(String text) {
        String hash = Hashing.sha256(text);
        Optional<Notice> known = notices.findByHash(hash);
        if (known.isPresent()) {
            return known.get();
        }
        notices.lockForPublish();
        return notices.findByHash(hash).orElseGet(() -> {
            Notice notice = new Notice();
            notice.version = notices.latest().map(latest -> latest.version + 1).orElse(1);
            notice.contentHash = hash;
            notice.text = text;
            notice.publishedAt = clock.instant();
            notices.persist(notice);
            return notice;
        });
    }

    @Transactional
    public Notice version(int version) {
        return notices.findByIdOptional(version).orElseThrow(() -> ProblemException.notFound("notice"));
    }
}
