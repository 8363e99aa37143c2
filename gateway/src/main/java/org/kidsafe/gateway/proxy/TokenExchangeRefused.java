package org.kidsafe.gateway.proxy;

/** Keycloak refused the caller's token as the subject of an exchange (expired session, revoked, not for the gateway): a 401. */
public final class TokenExchangeRefused extends RuntimeException {

    TokenExchangeRefused(String reason) {
        super(reason, null, false, false);
    }
}
