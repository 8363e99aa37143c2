package org.kidsafe.consent.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The one policy for how long a verified parent with no child and no consent is kept (issue 18 item 5: contact data
 * collected to seek consent is not kept once there is no consent to seek, 16 CFR 312.10). It covers the parent's data
 * in consent-service; the parent-lifecycle issue extends it to the whole account.
 */
@ConfigMapping(prefix = "kidsafe.idle-parents")
public interface IdleParentSettings {

    /** A verified parent without child or consent for this long (since their last verification) is reminded by email. */
    @WithDefault("P30D")
    Duration remindAfter();

    /** Then, still without child or consent this long after the reminder, their contact and verifications are purged. */
    @WithDefault("P14D")
    Duration purgeAfterReminder();

    /** Parents handled per transaction; the job loops until none is due. */
    @WithDefault("100")
    int batch();
}
