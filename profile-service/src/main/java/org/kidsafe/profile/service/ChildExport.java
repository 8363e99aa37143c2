package org.kidsafe.profile.service;

import org.kidsafe.profile.domain.PairingCode;
import org.kidsafe.profile.domain.ToyBinding;

import java.util.List;
import java.util.Optional;

/** Everything profile-service holds about one child, decrypted, for the parent's export. */
public record ChildExport(Optional<Profile> profile, List<ToyBinding> toys, List<PairingCode> pairingCodes) {
}
