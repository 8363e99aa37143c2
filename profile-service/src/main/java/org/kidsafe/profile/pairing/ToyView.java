package org.kidsafe.profile.pairing;


import java.time.Instant;

/** One pairing of a toy with the child. */
public record ToyView(String deviceId, ToyStatus status, Instant pairedAt, Instant endedAt) {

    public static ToyView of(ToyBinding binding) {
        return new ToyView(binding.deviceId, binding.status, binding.pairedAt, binding.endedAt);
    }
}
