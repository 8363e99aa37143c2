package org.kidsafe.profile.profile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.problem.ProblemException;

import java.time.YearMonth;

/**
 * A merge patch of a profile: absent (or null) fields stay as they are. Setting {@code ageBand}
 * drops a stored birth month and setting a birth month drops the age band.
 */
@Schema(name = "ProfilePatch")
public record ProfilePatch(
        @Size(min = 1, max = 64) String displayName,
        AgeBand ageBand,
        @Min(2000) @Max(2100) Integer birthYear,
        @Min(1) @Max(12) Integer birthMonth,
        Avatar avatar,
        @Size(min = 1, max = 35) String preferredLanguage) {

    ProfileFields applyTo(ProfileFields current) {
        YearMonth birth = BirthMonths.of(birthYear, birthMonth);
        if (ageBand != null && birth != null) {
            throw ProblemException.badRequest("age-required", "Give either ageBand or birthYear with birthMonth, not both.");
        }
        boolean ageChanged = ageBand != null || birth != null;
        return new ProfileFields(
                displayName != null ? displayName : current.displayName(),
                ageChanged ? ageBand : current.ageBand(),
                ageChanged ? birth : current.birthMonth(),
                avatar != null ? avatar : current.avatar(),
                preferredLanguage != null ? preferredLanguage : current.preferredLanguage());
    }
}
