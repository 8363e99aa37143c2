package org.kidsafe.consent.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How parents are verified (16 CFR 312.5(b)). */
@ConfigMapping(prefix = "kidsafe.verification")
public interface VerificationSettings {

    /** How long an emailed confirmation code can be used. */
    @WithDefault("PT15M")
    Duration codeValidity();

    /** Wrong guesses allowed per code before it is dead. */
    @WithDefault("5")
    int maxCodeAttempts();

    /** Email plus: the delayed second message reminding the parent they can revoke. */
    @WithDefault("PT24H")
    Duration reminderDelay();

    /** Largest signed consent form accepted. */
    @WithDefault("4194304")
    int maxFormBytes();
}
