package org.kidsafe.commons.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long each category is kept (16 CFR 312.10). One set of settings: the services' scheduled
 * purges enforce it, and consent-service publishes it in the direct notice. Deployments feed the
 * same values to every service.
 */
@ConfigMapping(prefix = "kidsafe.retention")
public interface RetentionPolicy {

    /** A profile with no toy or parent activity for this long is erased. */
    @WithDefault("P548D")
    Duration profileInactivity();

    @WithDefault("P365D")
    Duration photos();

    @WithDefault("P30D")
    Duration voice();

    @WithDefault("P90D")
    Duration chat();

    /** Contact data collected only to seek consent is deleted when consent is not completed in time. */
    @WithDefault("P14D")
    Duration abandonedSignUp();
}
