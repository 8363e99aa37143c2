package org.kidsafe.gateway.proxy;

import org.kidsafe.gateway.token.CachedToken;

import java.time.Instant;

/**
 * A token the gateway obtained for one service on a caller's behalf (issue 16 item 4): its audience is that service
 * only. {@code reusableUntil} is the earlier of the caller's and this token's expiry, less a safety margin; the cache
 * never hands it out later. {@code keyId} is the realm key that signed it.
 */
record ServiceToken(String value, Instant reusableUntil, String keyId) implements CachedToken {
}
