package org.kidsafe.consent.notice;

import org.kidsafe.events.DataCategory;

import java.time.Duration;
import java.util.List;

/**
 * The direct notice as generated from the current settings: the text parents read and, per
 * category, the structured facts it states.
 *
 * @param rights      the parent's rights (16 CFR 312.4(c)(1)(iv), 312.6), as the text states them
 * @param howToRevoke where and how the parent revokes consent or has data deleted, as the text states it
 */
public record NoticeContent(String text, List<CategoryNotice> categories, String rights, String howToRevoke) {

    /**
     * @param category     the data category
     * @param purpose      why it is collected
     * @param retention    how long it is kept (null when KidSafe keeps nothing of its own for it)
     * @param thirdParties who receives it (THIRD_PARTY_DISCLOSURE only)
     */
    public record CategoryNotice(DataCategory category, String purpose, Duration retention, List<String> thirdParties) {

        /** The retention as ISO-8601 in days where it is whole days ({@code P365D}, not {@code PT8760H}); null when none. */
        public String retentionIso() {
            if (retention == null) {
                return null;
            }
            long days = retention.toDays();
            return retention.equals(Duration.ofDays(days)) ? "P" + days + "D" : retention.toString();
        }
    }
}
