package org.kidsafe.profile.pairing;

import java.time.Instant;

/** A pairing code to type or speak into the toy; single use, valid until {@code expiresAt}. */
public record PairingCodeView(String code, Instant expiresAt) {
}
