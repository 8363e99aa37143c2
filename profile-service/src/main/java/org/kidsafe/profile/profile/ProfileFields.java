package org.kidsafe.profile.profile;


import java.time.YearMonth;

/**
 * Everything a profile may hold, in the clear. Either an age band or a birth month, never both and
 * never a full date of birth.
 */
public record ProfileFields(String displayName, AgeBand ageBand, YearMonth birthMonth, Avatar avatar, String preferredLanguage) {
}
