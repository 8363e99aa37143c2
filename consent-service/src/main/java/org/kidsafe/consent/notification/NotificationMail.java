package org.kidsafe.consent.notification;

import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.verification.MailTemplates;
import org.kidsafe.consent.verification.NoticeMail;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders the notification mails (issue 19 item 8) from the Qute templates under {@code templates/mail/<language>/},
 * each as {@code <name>-subject.txt}, {@code <name>.txt} and {@code <name>.html}, in every language (issue 19 item 10).
 * The erasure receipt is inlined, not attached: it is the compact JWS that {@code GET /v1/erasures/{id}} returns as
 * {@code receipt}, short text that any mail client shows and no attachment filter strips, and the parent can paste it
 * into any JWS tool with the keys of {@code GET /v1/keys}.
 */
@ApplicationScoped
public class NotificationMail {

    private final Engine engine;
    private final String privacyCenterUrl;

    /** @param privacyCenterUrl {@code kidsafe.consent.privacy-center-url}: where a mail sends the parent to act */
    NotificationMail(Engine engine, @ConfigProperty(name = "kidsafe.consent.privacy-center-url", defaultValue = "https://kidsafe.invalid/privacy-center/")
                     String privacyCenterUrl) {
        this.engine = engine;
        this.privacyCenterUrl = privacyCenterUrl;
    }

    NoticeMail.Rendered erasureCompleted(Language language, UUID erasureId, UUID childId, ParentNotifications.ErasureLetter erasure) {
        return render(language, "erasure-completed", new Letter(childId, null, privacyCenterUrl, erasureId, erasure.receipt(),
                erasure.categories().stream().map(DataCategory::name).toList(),
                erasure.categories().containsAll(EnumSet.allOf(DataCategory.class)), List.of()));
    }

    NoticeMail.Rendered toyPaired(Language language, UUID childId, Instant at) {
        return render(language, "toy-paired", new Letter(childId, day(at), privacyCenterUrl, null, null, List.of(), false, List.of()));
    }

    NoticeMail.Rendered toyUnpaired(Language language, UUID childId, Instant at) {
        return render(language, "toy-unpaired", new Letter(childId, day(at), privacyCenterUrl, null, null, List.of(), false, List.of()));
    }

    NoticeMail.Rendered retentionDigest(Language language, List<ParentNotifications.DigestChild> children) {
        return render(language, "retention-digest", new Letter(null, null, privacyCenterUrl, null, null, List.of(), false, children.stream()
                .map(child -> new DigestLine(child.childId(), day(child.earliestPurgeAt()), child.items().entrySet().stream()
                        .map(entry -> new Count(entry.getKey().name(), entry.getValue())).toList()))
                .toList()));
    }

    private NoticeMail.Rendered render(Language language, String mail, Letter letter) {
        return MailTemplates.render(engine, language, mail, Map.of("letter", letter));
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /**
     * What the templates see; each mail uses its own fields (a date is a UTC day, yyyy-mm-dd). {@code wholeChild}: the
     * erasure took every category (the child was deleted), not only {@code categories}.
     */
    @TemplateData
    public record Letter(UUID childId, String on, String privacyCenterUrl, UUID erasureId, String receipt, List<String> categories,
                         boolean wholeChild, List<DigestLine> children) {
    }

    /** One child of the digest: the items per category purged in the coming week, and the day the first goes. */
    @TemplateData
    public record DigestLine(UUID childId, String firstOn, List<Count> counts) {
    }

    /** A category (PHOTOS, VOICE, CHAT) and how many of its items. */
    @TemplateData
    public record Count(String category, long items) {
    }
}
