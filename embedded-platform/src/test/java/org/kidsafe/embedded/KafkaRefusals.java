package org.kidsafe.embedded;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the broker's tests (here and in the launcher) tell that the secured broker refused a client. */
public final class KafkaRefusals {

    private KafkaRefusals() {
    }

    /** A client call that may throw what Kafka's clients throw. */
    public interface Action {
        void run() throws Exception;
    }

    /** The broker refuses: the cause (a failed send's, or the client's own) is of the given type. */
    public static void assertRefused(Class<? extends Exception> refusal, Action action) {
        Exception thrown = assertThrows(Exception.class, action::run);
        Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
        assertInstanceOf(refusal, cause, () -> "expected " + refusal.getSimpleName() + " but got " + thrown);
    }
}
