package org.kidsafe.profile.profile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A whole profile. Nothing beyond these fields is accepted: unknown fields are refused with 400.
 * Give either {@code ageBand} or {@code birthYear} + {@code birthMonth}; never a full date of birth.
 */
@Schema(name = "ProfileRequest")
public record ProfileRequest(
        @NotBlank @Size(max = 64) @Schema(description = "A nickname; names that look like personal information are refused", example = "BraveOtter7")
        String displayName,
        @Schema(description = "Coarse age, instead of birthYear/birthMonth") AgeBand ageBand,
        @Min(2000) @Max(2100) Integer birthYear,
        @Min(1) @Max(12) Integer birthMonth,
        @NotNull Avatar avatar,
        @NotBlank @Size(max = 35) @Schema(description = "BCP-47 language tag: language, optional script and region", example = "en-US")
        String preferredLanguage) {

    ProfileFields toFields() {
        return new ProfileFields(displayName, ageBand, BirthMonths.of(birthYear, birthMonth), avatar, preferredLanguage);
    }
}
