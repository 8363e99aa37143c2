package org.kidsafe.profile.profile;

import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.profile.displayname.DisplayNamePolicy;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The checks a profile passes before it is stored; each refusal is a 4xx problem the app can act on. */
final class ProfileRules {

    /** COPPA covers children under 13; older users do not get a child profile. */
    static final int MAX_AGE_YEARS = 13;
    private static final int MAX_LANGUAGE_TAG = 35;
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

    private ProfileRules() {
    }

    static ProfileFields checked(ProfileFields fields, DisplayNamePolicy names, Clock clock) {
        if (fields.displayName() == null || fields.avatar() == null || fields.preferredLanguage() == null) {
            throw ProblemException.badRequest("profile-incomplete", "A profile needs displayName, avatar and preferredLanguage.");
        }
        String displayName = DisplayNamePolicy.tidy(fields.displayName());
        names.check(displayName).ifPresent(refusal -> {
            throw new ProblemException(422, "display-name-refused", "Display name refused", refusal.message(),
                    Map.of("reason", refusal.name()));
        });
        if ((fields.ageBand() == null) == (fields.birthMonth() == null)) {
            throw ProblemException.badRequest("age-required",
                    "Give either ageBand or birthYear with birthMonth, not both and not neither.");
        }
        if (fields.birthMonth() != null) {
            YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
            if (fields.birthMonth().isAfter(now) || !fields.birthMonth().isAfter(now.minusYears(MAX_AGE_YEARS))) {
                throw ProblemException.badRequest("birth-month-out-of-range",
                        "The birth month must be in the past and belong to a child under " + MAX_AGE_YEARS + ".");
            }
        }
        return new ProfileFields(displayName, fields.ageBand(), fields.birthMonth(), fields.avatar(), language(fields.preferredLanguage()));
    }

    /**
     * A BCP-47 tag of language, optional script and optional region only: variants, extensions and
     * private-use parts are refused, since free text there could carry personal information.
     */
    static String language(String tag) {
        if (tag.length() > MAX_LANGUAGE_TAG) {
            throw invalidLanguage();
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            throw invalidLanguage();
        }
        boolean knownLanguage = ISO_LANGUAGES.contains(locale.getLanguage()) || locale.getLanguage().length() == 3;
        if (!knownLanguage || !locale.getVariant().isEmpty() || !locale.getExtensionKeys().isEmpty()) {
            throw invalidLanguage();
        }
        return locale.toLanguageTag();
    }

    private static ProblemException invalidLanguage() {
        return ProblemException.badRequest("invalid-language",
                "preferredLanguage must be a BCP-47 tag of a language with optional script and region, e.g. en, en-US, zh-Hant-TW.");
    }
}
