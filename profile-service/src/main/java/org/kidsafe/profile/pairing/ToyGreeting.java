package org.kidsafe.profile.pairing;

import org.kidsafe.profile.profile.Avatar;

/** What a toy needs to greet its child, and nothing more. */
public record ToyGreeting(String displayName, Avatar avatar) {
}
