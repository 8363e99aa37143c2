package org.kidsafe.profile.displayname;

/** Why a display name was refused, as a stable code the parent's app can translate. */
public enum DisplayNameRefusal {
    TOO_SHORT("A display name needs at least 3 characters."),
    TOO_LONG("A display name may have at most 24 characters."),
    CHARACTERS("Use letters, digits, spaces, hyphens, apostrophes, dots or underscores only."),
    EMAIL("This looks like an email address. Please choose a name that does not reveal contact details."),
    URL("This looks like a web address. Please choose a name without links or domains."),
    SOCIAL_HANDLE("This looks like a social media handle. Please choose a name that cannot be used to find your child online."),
    PHONE_NUMBER("This looks like a phone number. Please choose a name without contact details."),
    STREET_ADDRESS("This looks like a street address. Please choose a name that does not reveal where your child lives."),
    TOO_MANY_DIGITS("A display name may contain at most 3 digits, so it cannot hold a birth date, year or number."),
    REAL_NAME("This looks like a first and last name. Please choose a nickname instead of your child's real name.");

    private final String message;

    DisplayNameRefusal(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
