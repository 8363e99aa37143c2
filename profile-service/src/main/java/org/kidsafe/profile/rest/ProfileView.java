package org.kidsafe.profile.rest;

import org.kidsafe.profile.domain.AgeBand;
import org.kidsafe.profile.domain.Avatar;
import org.kidsafe.profile.service.Profile;

import java.time.Instant;
import java.util.UUID;

/** A child's profile as the parent's app sees it. */
public record ProfileView(UUID childId, String displayName, AgeBand ageBand, Integer birthYear, Integer birthMonth, Avatar avatar,
                          String preferredLanguage, Instant createdAt, Instant updatedAt) {

    static ProfileView of(Profile profile) {
        var fields = profile.fields();
        return new ProfileView(profile.childId(), fields.displayName(), fields.ageBand(),
                fields.birthMonth() == null ? null : fields.birthMonth().getYear(),
                fields.birthMonth() == null ? null : fields.birthMonth().getMonthValue(),
                fields.avatar(), fields.preferredLanguage(), profile.createdAt(), profile.updatedAt());
    }
}
