package org.kidsafe.consent.notice;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;

/**
 * A version of the direct notice in one language ({@code language}, issue 19 item 10). {@code contentHash} is the SHA-256
 * (hex) of {@code text}; the current notice also lists, per category, its purpose, retention (ISO-8601) and third parties.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeView(int version,
                         @Schema(description = "The language of text and contentHash: en or es", enumeration = {"en", "es"})
                         String language,
                         String contentHash, String text, Instant publishedAt,
                         @Schema(description = "When a compliance officer marked this version a material change (consents under earlier versions then need renewal); absent when it is not material")
                         Instant materialAt,
                         List<CategoryView> categories) {

    public record CategoryView(DataCategory category, String purpose, String retention, List<String> thirdParties) {
    }

    static NoticeView of(Notice notice, Language language, List<NoticeContent.CategoryNotice> categories) {
        return new NoticeView(notice.version, language.code(), notice.contentHash(language), notice.text(language), notice.publishedAt,
                notice.materialAt, categories == null ? null
                : categories.stream().map(category -> new CategoryView(category.category(), category.purpose(), category.retentionIso(),
                category.thirdParties())).toList());
    }
}
