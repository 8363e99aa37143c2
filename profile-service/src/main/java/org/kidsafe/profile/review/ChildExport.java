package org.kidsafe.profile.review;

import org.kidsafe.profile.pairing.PairingCode;
import org.kidsafe.profile.pairing.ToyBinding;
import org.kidsafe.profile.profile.Profile;

import java.util.List;
import java.util.Optional;

/** Everything profile-service holds about one child, decrypted, for the parent's export. */
public record ChildExport(Optional<Profile> profile, List<ToyBinding> toys, List<PairingCode> pairingCodes) {
}
