package org.kidsafe.consent.notice;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;

/**
 * A version of the direct notice. {@code contentHash} is the SHA-256 (hex) of {@code text}; the
 * current notice also lists, per category, its purpose, retention (ISO-8601) and third parties.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeView(int version, String contentHash, String text, Instant publishedAt, List<CategoryView> categories) {

    public record CategoryView(DataCategory category, String purpose, String retention, List<String> thirdParties) {
    }

    static NoticeView of(Notice notice, List<NoticeContent.CategoryNotice> categories) {
        return new NoticeView(notice.version, notice.contentHash, notice.text, notice.publishedAt, categories == null ? null
                : categories.stream().map(category -> new CategoryView(category.category(), category.purpose(), category.retentionIso(),
                category.thirdParties())).toList());
    }
}
