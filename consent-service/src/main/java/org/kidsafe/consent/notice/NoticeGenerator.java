package org.kidsafe.consent.notice;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;
import org.kidsafe.commons.retention.RetentionPolicy;
import jakarta.inject.Inject;
import org.kidsafe.crypto.kek.KekSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the direct notice (16 CFR 312.4) from the same retention settings the services purge by,
 * so the published policy cannot drift from what is enforced. It also states when deleted data becomes unreadable in
 * backups (issue 18 item 1): within the KEK rotation period ({@code kidsafe.kek.rotation-period}), the T2 each erasure
 * receipt states, with its consequences for key copies and old backups (docs/retention-policy.md, section 3.4). It ends
 * with the parent's rights and how to revoke (312.4(c)(1)(iv)), also given apart for the mail that delivers the notice
 * (issue 19 item 2).
 */
@ApplicationScoped
public class NoticeGenerator {

    private static final Map<DataCategory, String> PURPOSES = Map.of(
            DataCategory.PROFILE, "A nickname and an age band (never a full name, address or birth date), so the toy can greet your child"
                    + " and adapt to their age; device identifiers of paired toys, only to deliver the toy's features.",
            DataCategory.PHOTOS, "Photos your child takes with the toy, to show them back to your child and to you.",
            DataCategory.VOICE, "Voice recordings your child makes with the toy, to play them back to your child and to you.",
            DataCategory.CHAT, "Messages between your child's toy and you, to deliver them; phone numbers, emails, addresses and links your child types are masked.",
            DataCategory.THIRD_PARTY_DISCLOSURE, "Disclosure of your child's data to the third parties listed here. Off unless you"
                    + " consent to it separately; you can consent to everything else without it.");

    private static final String RIGHTS = "At any time you can review the information kept about your child and export it, refuse"
            + " further collection, revoke any consent, and have your child's information deleted.";
    private static final String HOW_TO_REVOKE = "In the parent app's privacy center, revoke a category's consent or delete your"
            + " child. Revoking stops collection in that category and deletes what was collected under it, and you receive a"
            + " deletion receipt. You can also write to ";

    private final RetentionPolicy retention;
    private final NoticeSettings settings;
    private final Duration kekRotationPeriod;

    @Inject
    NoticeGenerator(RetentionPolicy retention, NoticeSettings settings, KekSettings kek) {
        this(retention, settings, kek.rotationPeriod());
    }

    NoticeGenerator(RetentionPolicy retention, NoticeSettings settings, Duration kekRotationPeriod) {
        this.retention = retention;
        this.settings = settings;
        this.kekRotationPeriod = kekRotationPeriod;
    }

    public NoticeContent generate() {
        List<NoticeContent.CategoryNotice> categories = new ArrayList<>();
        for (DataCategory category : DataCategory.values()) {
            List<String> thirdParties = category == DataCategory.THIRD_PARTY_DISCLOSURE
                    ? settings.thirdParties().orElse(List.of())
                    : List.of();
            categories.add(new NoticeContent.CategoryNotice(category, PURPOSES.get(category), retentionOf(category), thirdParties));
        }
        String howToRevoke = HOW_TO_REVOKE + settings.operatorContact() + ".";
        return new NoticeContent(text(categories, RIGHTS, howToRevoke), List.copyOf(categories), RIGHTS, howToRevoke);
    }

    private Duration retentionOf(DataCategory category) {
        return switch (category) {
            case PROFILE -> retention.profileInactivity();
            case PHOTOS -> retention.photos();
            case VOICE -> retention.voice();
            case CHAT -> retention.chat();
            case THIRD_PARTY_DISCLOSURE -> null;
        };
    }

    private String text(List<NoticeContent.CategoryNotice> categories, String rights, String howToRevoke) {
        StringBuilder text = new StringBuilder();
        text.append("Direct notice to parents\n\n")
                .append("Operator: ").append(settings.operatorName()).append(" (contact: ").append(settings.operatorContact()).append(")\n\n")
                .append("We collect your child's information only for the categories you consent to, each separately;"
                        + " your rights and how to revoke are at the end.\n");
        for (NoticeContent.CategoryNotice category : categories) {
            text.append("\n").append(category.category()).append("\n  Purpose: ").append(category.purpose()).append("\n");
            if (category.category() == DataCategory.THIRD_PARTY_DISCLOSURE) {
                text.append("  Third parties: ")
                        .append(category.thirdParties().isEmpty() ? "none; nothing is disclosed" : String.join("; ", category.thirdParties()))
                        .append("\n");
            } else if (category.category() == DataCategory.PROFILE) {
                text.append("  Retention: deleted after ").append(days(category.retention())).append(" without activity, or when you ask\n");
            } else {
                text.append("  Retention: each item is deleted ").append(days(category.retention())).append(" after it is collected, or when you ask\n");
            }
        }
        text.append("\nYour email address, if you give it to verify that you are the parent, is used only for that and for notices"
                        + " about your consent; it is deleted after ").append(days(retention.abandonedSignUp()))
                .append(" if verification is not completed.\n");
        text.append("\nWhen your child's information is deleted, the key that encrypts it is destroyed at once, so it can no longer be"
                        + " read. Our backups and database logs may still hold copies for a while; they become unreadable within ")
                .append(days(kekRotationPeriod))
                .append(", when the key that protected them is retired. We then destroy every copy of that key, including our key"
                        + " backups, and a backup older than that can no longer be restored. Your deletion receipt states both moments.\n");
        text.append("\nYour rights\n  ").append(rights).append("\n");
        text.append("\nHow to revoke\n  ").append(howToRevoke).append("\n");
        return text.toString();
    }

    private static String days(Duration duration) {
        long days = duration.toDays();
        return days >= 1 && duration.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days") : duration.toString();
    }
}
