package org.kidsafe.profile.pairing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A toy redeeming a pairing code for its own identity. */
public record PairingRequest(@NotBlank @Size(max = 32) String code, @NotBlank @Size(max = 64) String deviceId) {
}
