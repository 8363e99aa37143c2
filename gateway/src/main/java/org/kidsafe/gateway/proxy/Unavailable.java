package org.kidsafe.gateway.proxy;

/** A downstream service could not be asked: its breaker is open, or it did not answer. */
public final class Unavailable extends RuntimeException {

    private final String service;

    public Unavailable(String service, boolean breakerOpen) {
        super(service + (breakerOpen ? " is refused by its open circuit breaker" : " did not answer"), null, false, false);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
