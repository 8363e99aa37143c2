package org.kidsafe.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.gateway.config.GatewaySettings;

import java.util.ArrayList;
import java.util.List;

/** Builds the route table from the configured services plus the gateway's own endpoints. */
@ApplicationScoped
public class GatewayRoutes {

    /** What the gateway answers itself (JAX-RS resources in org.kidsafe.gateway.review and .openapi). */
    static final List<String> LOCAL = List.of(
            "GET /v1/children/*/holdings",
            "GET /v1/children/*/export",
            "GET /openapi public");

    private final String self;

    GatewayRoutes(@ConfigProperty(name = "quarkus.application.name") String self) {
        this.self = self;
    }

    @Produces
    @ApplicationScoped
    RouteTable table(GatewaySettings config) {
        List<Route> routes = new ArrayList<>();
        LOCAL.forEach(spec -> routes.add(Route.parse(self, spec)));
        config.services().forEach((service, settings) ->
                settings.routes().forEach(spec -> routes.add(Route.parse(service, spec))));
        return new RouteTable(routes);
    }
}
