package org.kidsafe.events.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How hard a consumer retries a transient failure before parking the event on its dead-letter topic, and how long it
 * remembers the events it applied.
 */
@ConfigMapping(prefix = "kidsafe.inbox")
public interface InboxSettings {

    @WithDefault("8")
    int maxAttempts();

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /**
     * How long a {@code consumed_message} row is kept (issue 18 item 5: no leftovers): it only guards against a
     * redelivery, and an event can be redelivered only while its topic still holds it. So this is the topic
     * retention: at least the longest {@code retention.ms} of the topics the service consumes, dead-letter topics
     * included (the chart's defaults: 7 days for event topics, 14 for dead-letter topics, whose replay sends an event
     * back). Also how long a consent projection remembers an erased child.
     */
    @WithDefault("P14D")
    Duration keepFor();

    /** Rows deleted per transaction by the pruning; the job loops until the backlog is gone. */
    @WithDefault("1000")
    int pruneBatch();
}
