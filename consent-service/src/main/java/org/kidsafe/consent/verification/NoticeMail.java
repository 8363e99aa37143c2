package org.kidsafe.consent.verification;

import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.notice.NoticeChanges;
import org.kidsafe.consent.notice.NoticeContent;
import org.kidsafe.consent.notice.NoticeService.CurrentNotice;
import org.kidsafe.events.DataCategory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the mails that deliver the direct notice when a parent starts verification (16 CFR 312.4(c), issue 19 item 2):
 * the confirmation code of email plus, and the receipt of an uploaded signed form; and the one that delivers a new version
 * after a material change, with what changed (issue 19 item 3). The plain text part carries the
 * notice text exactly as stored, so its SHA-256 can be checked against the hash it states; the HTML part lays out, per
 * category, what is collected and why, for how long and to whom it goes, then the parent's rights and how to revoke.
 * The wording lives in the Qute templates under {@code templates/mail/<language>/}, so a language is added as
 * templates, not code (issue 19 item 10): English ({@code en/}) and Spanish ({@code es/}), in the language of the
 * {@link CurrentNotice}, whose text and hash in that language the mail carries.
 */
@ApplicationScoped
public class NoticeMail {

    private final Engine engine;

    NoticeMail(Engine engine) {
        this.engine = engine;
    }

    /** A message: subject, plain text and HTML. */
    public record Rendered(String subject, String text, String html) {
    }

    /** Email plus, step 1: the code, then the notice. */
    Rendered withCode(String code, Duration validity, CurrentNotice current) {
        return render("verification-code", current, letter(code, validity.toMinutes(), current));
    }

    /** A signed form was uploaded: its receipt, then the notice. */
    Rendered withFormReceipt(CurrentNotice current) {
        return render("consent-form", current, letter(null, 0, current));
    }

    /**
     * A material change (issue 19 item 3): which consents need renewal and by when, what changed since {@code since}
     * section by section, where to renew, then the current notice.
     */
    public Rendered renewalNeeded(CurrentNotice current, int since, List<NoticeChanges.SectionChange> changes,
                                  Collection<DataCategory> categories, int children, Instant dueAt, String privacyCenterUrl) {
        Renewal renewal = new Renewal(since, categories.stream().map(DataCategory::name).toList(), children,
                LocalDate.ofInstant(dueAt, ZoneOffset.UTC).toString(), privacyCenterUrl,
                changes.stream().map(change -> new Change(change.section(), change.removed(), change.added())).toList());
        return render("renewal-needed", current, letter(null, 0, current), renewal);
    }

    private Rendered render(String mail, CurrentNotice current, Letter letter) {
        return render(mail, current, letter, null);
    }

    /**
     * An invitation to become a child's guardian (issue 19 item 4), in the inviting parent's language: the link to the
     * privacy center that accepts it and when it expires (UTC date). No notice: the invitee receives it when they verify
     * themselves.
     */
    public Rendered guardianInvitation(Language language, String link, Instant expiresAt) {
        return MailTemplates.render(engine, language, "guardian-invitation",
                Map.of("invitation", new Invitation(link, LocalDate.ofInstant(expiresAt, ZoneOffset.UTC).toString())));
    }

    private Rendered render(String mail, CurrentNotice current, Letter letter, Renewal renewal) {
        Map<String, Object> data = new HashMap<>();
        data.put("letter", letter);
        data.put("renewal", renewal);
        return MailTemplates.render(engine, current.notice().language(current.language()), mail, data);
    }

    private static Letter letter(String code, long validityMinutes, CurrentNotice current) {
        NoticeContent content = current.content();
        return new Letter(code, validityMinutes, current.notice().version, current.hash(), current.text(),
                content.categories().stream().map(Category::of).toList(), content.rights(), content.howToRevoke());
    }

    /** What the templates see; {@code code} only in the code's mail. */
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

    /** What the renewal mail adds: the consents' oldest version, their categories and children, the deadline (UTC date). */
    @TemplateData
    public record Renewal(int since, List<String> categories, int children, String dueOn, String privacyCenterUrl, List<Change> changes) {
    }

    /** One changed section of the notice. */
    @TemplateData
    public record Change(String section, List<String> removed, List<String> added) {
    }

    /** What the invitation mail says: where to accept it and until when (UTC date). */
    @TemplateData
    public record Invitation(String link, String expiresOn) {
    }
}
