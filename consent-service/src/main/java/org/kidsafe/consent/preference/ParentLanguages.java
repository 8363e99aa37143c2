package org.kidsafe.consent.preference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The language a parent is written to in (issue 19 item 10): their stored choice, then the {@code Accept-Language} of
 * the request that causes the mail (when there is one), then English. Also keeps that choice ({@code /v1/me/preferences}).
 */
@ApplicationScoped
public class ParentLanguages {

    private final ParentPreferenceRepository preferences;
    private final Clock clock;

    ParentLanguages(ParentPreferenceRepository preferences, Clock clock) {
        this.preferences = preferences;
        this.clock = clock;
    }

    /** The language for a mail to {@code parentId}; {@code acceptLanguage} is null outside a request (jobs). */
    @Transactional
    public Language of(UUID parentId, String acceptLanguage) {
        return chosen(parentId).or(() -> Language.ofAcceptLanguage(acceptLanguage)).orElse(Language.EN);
    }

    @Transactional
    public PreferencesView preferences(UUID parentId) {
        return new PreferencesView(chosen(parentId).map(Language::code).orElse(null));
    }

    /** Stores the choice; null clears it, so the browser's language applies again. */
    @Transactional
    public PreferencesView choose(UUID parentId, PreferencesView wanted) {
        ParentPreference preference = preferences.findByIdOptional(parentId).orElseGet(() -> {
            ParentPreference created = new ParentPreference();
            created.parentId = parentId;
            return created;
        });
        preference.language = Language.ofCode(wanted.language()).map(Language::code).orElse(null);
        preference.updatedAt = clock.instant();
        preferences.persist(preference);
        return preferences(parentId);
    }

    /** Deletes the parent's preferences, in the caller's transaction: what a leaving parent leaves behind (issue 19 item 5). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(UUID parentId) {
        preferences.deleteById(parentId);
    }

    private Optional<Language> chosen(UUID parentId) {
        return preferences.findByIdOptional(parentId).flatMap(preference -> Language.ofCode(preference.language));
    }
}
