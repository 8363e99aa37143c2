package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The services' timers read from scrapes: summed over instances by the chosen labels, and differenced between reads. */
class PrometheusTimersTest {

    private static final String FIRST = """
            # HELP kidsafe_events_delivery_seconds A record's way
            # TYPE kidsafe_events_delivery_seconds summary
            kidsafe_events_delivery_seconds_count{channel="media-erasure-reports",stage="broker"} 10
            kidsafe_events_delivery_seconds_sum{channel="media-erasure-reports",stage="broker"} 0.5
            kidsafe_events_delivery_seconds_max{channel="media-erasure-reports",stage="broker"} 0.2
            kidsafe_events_delivery_seconds_count{channel="profile-erasure-reports",stage="broker"} 4
            kidsafe_events_delivery_seconds_sum{channel="profile-erasure-reports",stage="broker"} 0.25
            kidsafe_events_delivery_seconds_count{stage="broker"} 99
            kidsafe_media_erasure_jobs_seconds_count{stage="waiting"} 7
            """;
    private static final String SECOND_INSTANCE = """
            kidsafe_events_delivery_seconds_count{channel="media-erasure-reports",stage="broker"} 2
            kidsafe_events_delivery_seconds_sum{channel="media-erasure-reports",stage="broker"} 0.125
            """;

    @Test
    void seriesAreSummedOverInstancesByTheirLabels() {
        PrometheusTimers timers = PrometheusTimers.of("kidsafe.events.delivery", "channel", "stage").plus(FIRST).plus(SECOND_INSTANCE);

        assertEquals(12, timers.count("media-erasure-reports", "broker"));
        assertEquals(0.625, timers.seconds("media-erasure-reports", "broker"), 1e-9);
        assertEquals(4, timers.count("profile-erasure-reports", "broker"));
        assertEquals(0, timers.count("media-erasure-reports", "queue"), "a stage never timed");
    }

    @Test
    void theDifferenceHoldsWhatWasTimedBetweenTwoReads() {
        PrometheusTimers before = PrometheusTimers.of("kidsafe.events.delivery", "channel", "stage").plus(FIRST);
        PrometheusTimers after = PrometheusTimers.of("kidsafe.events.delivery", "channel", "stage").plus(FIRST.replace("} 10", "} 15")
                .replace("} 0.5", "} 0.75"));

        PrometheusTimers between = after.minus(before);

        assertEquals(5, between.count("media-erasure-reports", "broker"));
        assertEquals(0.25, between.seconds("media-erasure-reports", "broker"), 1e-9);
        assertEquals(0, between.count("profile-erasure-reports", "broker"));
    }

    @Test
    void anotherTimersSeriesAreNotCounted() {
        PrometheusTimers jobs = PrometheusTimers.of("kidsafe.media.erasure.jobs", "stage").plus(FIRST);

        assertEquals(7, jobs.count("waiting"));
        assertEquals(0, jobs.count("broker"));
    }
}
