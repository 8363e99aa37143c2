package org.kidsafe.profile.pairing;

/**
 * What a toy logs in with (password grant on the shared toy client): its synthetic username and a 256-bit
 * random secret. Shown once, never stored here.
 */
public record ToyCredentials(String username, String secret) {

    @Override
    public String toString() {
        return "ToyCredentials[" + username + "]";
    }
}
