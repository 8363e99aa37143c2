package org.kidsafe.events;

/** An event that can never be processed (unparsable, unknown type or version, invalid payload): retrying will not help. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
