package org.kidsafe.events;

/** A payload that checks its own invariants after decoding; a violation makes the event poison. */
public interface ValidatedPayload {

    /** @throws IllegalArgumentException when a required field is missing or out of range */
    void validate();

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
