package org.kidsafe.consent.preference;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages KidSafe writes to parents in (issue 19 item 10): the notice, every mail and the privacy center. English
 * is the default and the notice's reference text.
 */
public enum Language {
    EN("en"),
    ES("es");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The ISO 639-1 code, as the API and the mail templates' folders name it. */
    public String code() {
        return code;
    }

    public static Optional<Language> ofCode(String code) {
        return Arrays.stream(values()).filter(language -> language.code.equals(code)).findFirst();
    }

    /**
     * The first supported language of an {@code Accept-Language} header, by the quality the client gives each range
     * (RFC 9110 12.5.4; "es-MX" counts as "es"); empty when none is supported or the header is absent or malformed.
     */
    public static Optional<Language> ofAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        for (Locale.LanguageRange range : ranges) {
            String primary = range.getRange().split("-", 2)[0].toLowerCase(Locale.ROOT);
            Optional<Language> supported = ofCode(primary);
            if (supported.isPresent()) {
                return supported;
            }
        }
        return Optional.empty();
    }
}
