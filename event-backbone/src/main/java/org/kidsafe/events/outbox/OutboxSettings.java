package org.kidsafe.events.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the outbox relay publishes. */
@ConfigMapping(prefix = "kidsafe.outbox")
public interface OutboxSettings {

    /** How often the relay looks for events when no commit woke it (events left by a crash, a broker outage). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Pause after a failed publish before the next try, so a broker outage is not hammered. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Events published per database transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long one batch may wait for the broker's acknowledgements. */
    @WithDefault("5s")
    Duration sendTimeout();
}
