package org.kidsafe.gateway.web;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.kidsafe.gateway.routing.Route;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Issue 22 item 3: a request finds its route's timer, it does not build and look one up in the registry each time. */
class RouteTimersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Route children = Route.parse("consent-service", "/v1/children/*");
    private final RouteTimers timers = new RouteTimers(registry, List.of(children));

    @Test
    void aRequestGetsTheSameTimerEveryTimeAndNoNewSeries() {
        Timer first = timers.timer(children, "GET", 200);
        for (int i = 0; i < 1_000; i++) {
            assertSame(first, timers.timer(children, "GET", 200));
        }
        assertEquals(1, registry.getMeters().size());
        assertEquals("/v1/children/*", first.getId().getTag("route"));
        assertEquals("consent-service", first.getId().getTag("service"));
    }

    @Test
    void madeUpMethodsShareOneSeriesAndAnUnmatchedRequestHasItsOwn() {
        Timer other = timers.timer(children, "BREW", 404);
        assertSame(other, timers.timer(children, "PROPFIND", 404));
        assertEquals("OTHER", other.getId().getTag("method"));
        Timer unmatched = timers.timer(null, "GET", 404);
        assertEquals("unmatched", unmatched.getId().getTag("route"));
        assertEquals("none", unmatched.getId().getTag("service"));
        assertEquals(2, registry.getMeters().size());
    }
}
