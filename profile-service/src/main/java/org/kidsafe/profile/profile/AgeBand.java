package org.kidsafe.profile.profile;

/** A coarse age, enough to pick age-appropriate content without a date of birth. */
public enum AgeBand {
    UNDER_5,
    AGE_5_7,
    AGE_8_10,
    AGE_11_12
}
