package org.kidsafe.profile.profile;

import org.kidsafe.commons.problem.ProblemException;

import java.time.YearMonth;

/** A birth year and month come together or not at all. */
final class BirthMonths {

    private BirthMonths() {
    }

    static YearMonth of(Integer year, Integer month) {
        if (year == null && month == null) {
            return null;
        }
        if (year == null || month == null) {
            throw ProblemException.badRequest("age-required", "birthYear and birthMonth come together.");
        }
        return YearMonth.of(year, month);
    }
}
