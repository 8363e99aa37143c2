package org.kidsafe.events.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How hard a consumer retries a transient failure before parking the event on its dead-letter topic. */
@ConfigMapping(prefix = "kidsafe.inbox")
public interface InboxSettings {

    @WithDefault("8")
    int maxAttempts();

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();
}
