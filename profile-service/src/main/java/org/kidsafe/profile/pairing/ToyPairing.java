package org.kidsafe.profile.pairing;


import java.util.UUID;

/** A successful pairing: the child the toy now acts for and the toy's own credentials. */
public record ToyPairing(UUID childId, ToyCredentials credentials) {
}
