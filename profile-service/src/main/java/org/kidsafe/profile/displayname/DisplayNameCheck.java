package org.kidsafe.profile.displayname;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A name the parent is typing, checked before it is saved. */
public record DisplayNameCheck(@NotNull @Size(max = 64) String displayName) {
}
