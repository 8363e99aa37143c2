package org.kidsafe.profile.pairing;

/** The life cycle of a toy's binding to a child. */
public enum ToyStatus {
    /** The toy acts for the child and holds its own identity-provider user. */
    PAIRED,
    /** The parent unpaired the toy; its identity is withdrawn. */
    UNPAIRED,
    /** Replaced by a newer pairing of the same device to the same child (e.g. after a factory reset). */
    REVOKED
}
