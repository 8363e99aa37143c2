package org.kidsafe.media.sanitize;

/** Kinds of contact details masked out of a child's chat before it is stored or delivered. */
public enum MaskedKind {
    PHONE_NUMBER,
    EMAIL,
    STREET_ADDRESS,
    URL
}
