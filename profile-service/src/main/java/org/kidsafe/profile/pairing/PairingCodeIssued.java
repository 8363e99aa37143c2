package org.kidsafe.profile.pairing;

import java.time.Instant;

/** A new pairing code in the clear: shown to the parent once, stored only as a keyed hash. */
public record PairingCodeIssued(String code, Instant expiresAt) {
}
