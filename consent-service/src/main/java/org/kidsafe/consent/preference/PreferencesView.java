package org.kidsafe.consent.preference;

import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The parent's preferences, as read and as written (issue 19 item 10). */
public record PreferencesView(
        @Schema(description = "The language of the notice, mails and privacy center; null follows the browser's Accept-Language, then English",
                type = SchemaType.STRING, enumeration = {"en", "es"}, nullable = true)
        @Pattern(regexp = "en|es", message = "must be \"en\", \"es\" or null") String language) {
}
