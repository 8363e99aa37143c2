package org.kidsafe.gateway.token;

import java.time.Instant;

/**
 * What the one {@link TokenCache} holds for a caller's token: handed out only before {@link #reusableUntil()} (never
 * beyond the token's {@code exp}), and {@link #keyId()} names the realm key that signed it (issue 22 item 3: a key
 * the gateway has not seen before means the realm rotated its keys, and every entry goes).
 */
public interface CachedToken {

    Instant reusableUntil();

    /** The {@code kid} of the signing key; empty if unknown. */
    String keyId();
}
