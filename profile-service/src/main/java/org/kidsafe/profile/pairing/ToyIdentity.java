package org.kidsafe.profile.pairing;

/** A toy's user at the identity provider: its id there, and the credentials the toy logs in with. */
public record ToyIdentity(String id, ToyCredentials credentials) {
}
