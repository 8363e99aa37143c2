package org.kidsafe.gateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The ordered route table: the first (most specific) line matching method and path owns the request. */
public final class RouteTable {

    private final List<Route> routes;

    public RouteTable(Collection<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Route.MOST_SPECIFIC_FIRST);
        this.routes = List.copyOf(sorted);
    }

    /** @param path the service path, e.g. {@code /v1/children/42/profile} */
    public Optional<Route> match(String method, String path) {
        List<String> segments = Paths.segments(path);
        return routes.stream()
                .filter(route -> route.appliesTo(method) && route.pattern().matches(segments))
                .findFirst();
    }

    public List<Route> routes() {
        return routes;
    }
}
