package org.kidsafe.consent.verification;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.notice.NoticeContent;
import org.kidsafe.consent.notice.NoticeService.CurrentNotice;
import org.kidsafe.events.DataCategory;

import java.time.Duration;
import java.util.List;

/**
 * Renders the confirmation-code mail, which delivers the direct notice (16 CFR 312.4(c), issue 19 item 2): the plain text
 * part carries the notice text exactly as stored, so its SHA-256 can be checked against the hash it states; the HTML
 * part lays out, per category, what is collected and why, for how long and to whom it goes, then the parent's rights and
 * how to revoke. The wording lives in the Qute templates under {@code templates/mail/<language>/}, so a language is
 * added as templates, not code (issue 19 item 10); English is the only one yet.
 */
@ApplicationScoped
public class CodeMail {

    static final String LANGUAGE = "en";

    private final Engine engine;

    CodeMail(Engine engine) {
        this.engine = engine;
    }

    /** The message: subject, plain text and HTML. */
    public record Rendered(String subject, String text, String html) {
    }

    Rendered render(String code, Duration validity, CurrentNotice current) {
        NoticeContent content = current.content();
        Letter letter = new Letter(code, validity.toMinutes(), current.notice().version, current.notice().contentHash,
                current.notice().text, content.categories().stream().map(Category::of).toList(), content.rights(), content.howToRevoke());
        return new Rendered(render("verification-code-subject.txt", letter).strip(), render("verification-code.txt", letter),
                render("verification-code.html", letter));
    }

    private String render(String name, Letter letter) {
        Template template = engine.getTemplate("mail/" + LANGUAGE + "/" + name);
        return template.data("letter", letter).render();
    }

    /** What the templates see. */
    @TemplateData
    public record Letter(String code, long validityMinutes, int noticeVersion, String noticeHash, String noticeText,
                         List<Category> categories, String rights, String howToRevoke) {
    }

    /**
     * One category as the templates word it: {@code retentionDays} is null where KidSafe keeps nothing of its own;
     * {@code profile} marks the one kept until inactivity rather than per item.
     */
    @TemplateData
    public record Category(String name, String purpose, Long retentionDays, boolean profile, List<String> thirdParties,
                           boolean disclosure) {

        static Category of(NoticeContent.CategoryNotice notice) {
            return new Category(notice.category().name(), notice.purpose(), notice.retention() == null ? null : notice.retention().toDays(),
                    notice.category() == DataCategory.PROFILE, notice.thirdParties(), notice.category() == DataCategory.THIRD_PARTY_DISCLOSURE);
        }
    }
}
