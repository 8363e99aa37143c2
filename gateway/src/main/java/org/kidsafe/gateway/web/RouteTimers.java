package org.kidsafe.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kidsafe.gateway.routing.Route;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's {@code kidsafe.gateway.requests} timers, one series per route-table line, method and status, never per
 * path (issue 17 item 1: no ids in metrics). The table of every route's slots is built once at start from the route
 * table; a series is registered with Micrometer the first time its (route, method, status) occurs and then found by
 * array index, so a request no longer builds tags and looks its timer up in the registry (issue 22 item 3, "timers
 * registered once"). Registering every combination up front would publish thousands of empty series instead.
 * Methods outside the standard ones count as {@code OTHER}, so a client cannot mint series with made-up methods.
 */
final class RouteTimers {

    static final String NAME = "kidsafe.gateway.requests";
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER");
    private static final int LOWEST_STATUS = 100;
    private static final int STATUSES = 500;

    private final MeterRegistry registry;
    private final Map<Route, Slots> byRoute = new IdentityHashMap<>();
    private final Slots unmatched;

    RouteTimers(MeterRegistry registry, List<Route> routes) {
        this.registry = registry;
        routes.forEach(route -> byRoute.put(route, new Slots(route.service(), route.label())));
        this.unmatched = new Slots("none", "unmatched");
    }

    /** The timer of a request for {@code route} (null: no route matched) answered with {@code status}. */
    Timer timer(Route route, String method, int status) {
        Slots slots = route == null ? unmatched : byRoute.get(route);
        return slots.timer(methodIndex(method), status);
    }

    private static int methodIndex(String method) {
        int index = METHODS.indexOf(method.toUpperCase(Locale.ROOT));
        return index < 0 ? METHODS.size() - 1 : index;
    }

    private static int statusIndex(int status) {
        return status < LOWEST_STATUS || status >= LOWEST_STATUS + STATUSES ? -1 : status - LOWEST_STATUS;
    }

    /** One route's timers by method and status, each registered on first use; a method's table when first used. */
    private final class Slots {

        private final String service;
        private final String route;
        private final AtomicReferenceArray<AtomicReferenceArray<Timer>> byMethod = new AtomicReferenceArray<>(METHODS.size());

        Slots(String service, String route) {
            this.service = service;
            this.route = route;
        }

        Timer timer(int method, int status) {
            int statusIndex = statusIndex(status);
            if (statusIndex < 0) {
                return register(method, status);
            }
            AtomicReferenceArray<Timer> byStatus = byMethod.get(method);
            if (byStatus == null) {
                byMethod.compareAndSet(method, null, new AtomicReferenceArray<>(STATUSES));
                byStatus = byMethod.get(method);
            }
            Timer timer = byStatus.get(statusIndex);
            if (timer == null) {
                timer = register(method, status);
                byStatus.set(statusIndex, timer);
            }
            return timer;
        }

        /** Micrometer returns the one existing timer for the same tags, so a race here registers nothing twice. */
        private Timer register(int method, int status) {
            return Timer.builder(NAME)
                    .tag("service", service)
                    .tag("route", route)
                    .tag("method", METHODS.get(method))
                    .tag("status", Integer.toString(status))
                    .register(registry);
        }
    }
}
