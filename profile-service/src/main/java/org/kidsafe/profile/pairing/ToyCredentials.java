package org.kidsafe.profile.pairing;

/** The client credentials a toy uses for the client-credentials grant. Shown once, never stored here. */
public record ToyCredentials(String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "ToyCredentials[" + clientId + "]";
    }
}
