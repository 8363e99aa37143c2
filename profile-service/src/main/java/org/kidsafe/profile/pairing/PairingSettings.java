package org.kidsafe.profile.pairing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How toys are paired with a child. */
@ConfigMapping(prefix = "kidsafe.pairing")
public interface PairingSettings {

    /** How long a pairing code can be redeemed. */
    @WithDefault("PT10M")
    Duration codeLifetime();

    /**
     * A code's record (keyed hash, child and parent ids, times) is kept this long after it was redeemed or expired, so
     * the parent's review still shows a recent pairing, then deleted by {@link PairingCodePurge} (issue 18: nothing is
     * kept forever; before, it stayed until the profile was erased).
     */
    @WithDefault("P1D")
    Duration spentCodeKeepFor();
}
