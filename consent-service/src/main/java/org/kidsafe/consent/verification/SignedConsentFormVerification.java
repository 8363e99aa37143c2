package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;

import java.util.EnumSet;
import java.util.Set;

/** A signed consent form, reviewed by a compliance officer; strong enough for every category. */
@ApplicationScoped
public class SignedConsentFormVerification implements VerificationMethod {

    public static final String NAME = "signed-consent-form";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int assuranceLevel() {
        return 2;
    }

    @Override
    public Set<DataCategory> unlocks() {
        return EnumSet.allOf(DataCategory.class);
    }
}
