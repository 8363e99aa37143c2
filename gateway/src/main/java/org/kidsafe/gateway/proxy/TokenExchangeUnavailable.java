package org.kidsafe.gateway.proxy;

/** Keycloak could not be asked (down, too slow, its breaker open, or it failed itself): a 503, the caller may retry. */
public final class TokenExchangeUnavailable extends RuntimeException {

    TokenExchangeUnavailable(String reason) {
        super(reason, null, false, false);
    }
}
