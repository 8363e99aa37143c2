package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;

import java.util.EnumSet;
import java.util.Set;

/** Email plus: a confirmation code by email, then a delayed reminder. Never enough for disclosure to third parties. */
@ApplicationScoped
public class EmailPlusVerification implements VerificationMethod {

    public static final String NAME = "email-plus";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int assuranceLevel() {
        return 1;
    }

    @Override
    public Set<DataCategory> unlocks() {
        return EnumSet.of(DataCategory.PROFILE, DataCategory.PHOTOS, DataCategory.VOICE, DataCategory.CHAT);
    }
}
