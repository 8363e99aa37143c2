package org.kidsafe.profile.rest;

import org.kidsafe.profile.domain.Avatar;

/** What a toy needs to greet its child, and nothing more. */
public record ToyGreeting(String displayName, Avatar avatar) {
}
