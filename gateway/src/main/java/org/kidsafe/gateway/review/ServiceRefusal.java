package org.kidsafe.gateway.review;

import io.vertx.core.buffer.Buffer;

/**
 * A service refused the parent's review or export (401/403/404: not this parent's child): its problem answer is the
 * gateway's answer, relayed unchanged (gateway/README.md, "a refusal from a service is relayed unchanged"). Thrown
 * rather than returned so the JSON and the ZIP export refuse alike; {@link ChildDataResource} writes it.
 */
final class ServiceRefusal extends RuntimeException {

    private final int status;
    private final transient Buffer problem;

    ServiceRefusal(int status, Buffer problem) {
        super("refused with " + status, null, false, false);
        this.status = status;
        this.problem = problem;
    }

    int status() {
        return status;
    }

    byte[] problem() {
        return problem.getBytes();
    }
}
