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
}
