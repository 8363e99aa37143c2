package org.kidsafe.profile.profile;


import java.time.Instant;
import java.util.UUID;

/** A child's profile as the parent's app sees it. */
public record ProfileView(UUID childId, String displayName, AgeBand ageBand, Integer birthYear, Integer birthMonth, Avatar avatar,
                          String preferredLanguage, Instant createdAt, Instant updatedAt) {

    public static ProfileView of(Profile profile) {
        var fields = profile.fields();
        return new ProfileView(profile.childId(), fields.displayName(), fields.ageBand(),
                fields.birthMonth() == null ? null : fields.birthMonth().getYear(),
                fields.birthMonth() == null ? null : fields.birthMonth().getMonthValue(),
                fields.avatar(), fields.preferredLanguage(), profile.createdAt(), profile.updatedAt());
    }
}
