package org.kidsafe.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.gateway.problem.Problems;
import org.kidsafe.gateway.proxy.Proxy;
import org.kidsafe.gateway.routing.Route;
import org.kidsafe.gateway.routing.RouteTable;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Every {@code /api/...} request passes here, in this order: find its route and name its template for the metrics,
 * before any other filter may answer it; then, after authentication and CORS, refuse it if no route matched (404),
 * check the token unless the route is public (401), count it against the caller's rate limit, which every replica
 * shares (429), check the body's declared size (413) and content type (415); then either relay it to its service or
 * hand it on to the gateway's own resources.
 */
@ApplicationScoped
public class ApiGate {

    public static final String PREFIX = "/api";
    /** After authentication (200) and CORS (300) set up their part, before any route. */
    static final int PRIORITY = 10;
    /**
     * Before every filter that may answer a request early: service-commons' BodySizeLimit (1000, 413), Quarkus' CORS
     * (300, 403 for a disallowed Origin) and authentication (200). A request any of them ends would otherwise be
     * measured by its raw path, ids and all (issue 17 item 1). Only the security headers and request ids (5000, 4999)
     * run earlier, and they answer nothing.
     */
    static final int ROUTE_PRIORITY = 4500;
    /** The template of every {@code /api/} path no route matches, so made-up paths add no series either. */
    static final String UNMATCHED_TEMPLATE = PREFIX + "/{unmatched}";
    /** The request-context key of the route {@link #route} found, for {@link #handle}: the table is searched once. */
    private static final String MATCH = ApiGate.class.getName() + ".match";
    private static final Set<String> JSON = Set.of("application/json");
    /**
     * The request-context key under which Quarkus' HTTP metrics (and tracing) read a request's URI template, as Quarkus
     * REST sets it for JAX-RS paths: the gateway relays raw paths, so it names the route's template itself.
     */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final RouteTable routes;
    private final Proxy proxy;
    private final Problems problems;
    private final GatewaySettings.Limits limits;
    private final Set<String> mediaTypes;
    private final RateLimits rateLimits;
    private final IdentityProviderManager identities;
    private final RouteTimers timers;
    private final MeterRegistry metrics;
    /** The gateway's own name: its own endpoints' routes carry it instead of a service's. */
    private final String self;

    ApiGate(RouteTable routes, Proxy proxy, Problems problems, GatewaySettings config, RateLimits rateLimits,
            IdentityProviderManager identities, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String self) {
        this.routes = routes;
        this.proxy = proxy;
        this.problems = problems;
        this.limits = config.limits();
        this.mediaTypes = Set.copyOf(config.limits().mediaTypes());
        this.rateLimits = rateLimits;
        this.identities = identities;
        this.timers = new RouteTimers(metrics, routes.routes());
        this.metrics = metrics;
        this.self = self;
    }

    void register(@Observes Filters filters) {
        filters.register(this::route, ROUTE_PRIORITY);
        filters.register(this::handle, PRIORITY);
    }

    /**
     * Finds the request's route and names its template as the request's URI template, so http_server_requests{uri}
     * carries the template, never the path with its ids (issue 17 item 1), whichever filter ends up answering.
     */
    void route(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.startsWith(PREFIX + "/")) {
            String servicePath = path.substring(PREFIX.length());
            Optional<Route> match = routes.match(context.request().method().name(), servicePath);
            context.put(MATCH, match);
            Vertx.currentContext().putLocal(URL_PATH_TEMPLATE,
                    match.map(route -> PREFIX + route.template(servicePath)).orElse(UNMATCHED_TEMPLATE));
        }
        context.next();
    }

    void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.startsWith(PREFIX + "/")) {
            context.next();
            return;
        }
        String servicePath = path.substring(PREFIX.length());
        String method = context.request().method().name();
        Optional<Route> match = context.get(MATCH);
        Timer.Sample started = Timer.start(metrics);
        Route matched = match.orElse(null);
        context.addEndHandler(ignored -> started.stop(timers.timer(matched, method, context.response().getStatusCode())));
        if (match.isEmpty()) {
            problems.send(context, 404, "not-found", "Not Found", "No such resource.");
            return;
        }
        Route route = match.get();
        if (route.deprecation() != null) {
            // Every answer of a deprecated route says so, refusals included (docs/api.md, "Stability").
            context.response().putHeader("Deprecation", route.deprecation().deprecationHeader());
            context.response().putHeader("Sunset", route.deprecation().sunsetHeader());
        }
        // The body waits while the token is checked; streaming starts once the request may pass.
        context.request().pause();
        Context vertxContext = Vertx.currentContext();
        caller(context, route).subscribe().with(
                caller -> vertxContext.runOnContext(ignored -> admit(context, route, servicePath, caller)),
                failure -> vertxContext.runOnContext(ignored -> unauthenticated(context)));
    }

    /**
     * The rate-limit key: the token's subject, or the client's address on a public route; null if no valid token. The
     * address is Quarkus' resolved remote address: the one a trusted proxy names, else the TCP peer (issue 17 item 2).
     */
    private Uni<String> caller(RoutingContext context, Route route) {
        if (route.open()) {
            return Uni.createFrom().item("address:" + context.request().remoteAddress().hostAddress());
        }
        return QuarkusHttpUser.getSecurityIdentity(context, identities)
                .map(identity -> identity == null || identity.isAnonymous() ? null : "subject:" + subject(identity));
    }

    private static String subject(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject()
                : identity.getPrincipal().getName();
    }

    /**
     * Counts the request against the caller's limit, shared by every replica (issue 21 item 1): at once while this
     * replica holds tokens of the caller, else once the gateway's database answered, back on the request's context.
     */
    private void admit(RoutingContext context, Route route, String servicePath, String caller) {
        if (caller == null) {
            unauthenticated(context);
            return;
        }
        CompletableFuture<Duration> wait = (route.open() ? rateLimits.perAddress() : rateLimits.perSubject())
                .acquire(caller).toCompletableFuture();
        if (wait.isDone()) {
            admitAfterLimit(context, route, servicePath, wait.join());
            return;
        }
        Context vertxContext = Vertx.currentContext();
        wait.whenComplete((waited, failure) -> vertxContext.runOnContext(ignored -> {
            if (failure != null) {
                context.fail(failure);
            } else {
                admitAfterLimit(context, route, servicePath, waited);
            }
        }));
    }

    private void admitAfterLimit(RoutingContext context, Route route, String servicePath, Duration wait) {
        HttpServerRequest request = context.request();
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            discardBody(request);
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.send(context, 429, "rate-limited", "Too Many Requests",
                    "Too many requests; retry after " + seconds + " s.", Map.of("retryAfterSeconds", seconds));
            return;
        }
        long bodyLimit = route.media() ? limits.mediaBodyBytes() : limits.jsonBodyBytes();
        if (declaredLength(request) > bodyLimit) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            problems.send(context, 413, "payload-too-large", "Payload Too Large", "The request body is too large.");
            return;
        }
        if (carriesBody(request) && !(route.media() ? mediaTypes : JSON).contains(mediaType(request))) {
            discardBody(request);
            problems.send(context, 415, "unsupported-media-type", "Unsupported Media Type",
                    route.media() ? "Send one of: " + String.join(", ", limits.mediaTypes()) + "." : "Send application/json.");
            return;
        }
        if (route.service().equals(self)) {
            request.resume();
            context.next();
        } else {
            proxy.forward(context, route, servicePath, bodyLimit);
        }
    }

    private void unauthenticated(RoutingContext context) {
        if (context.response().ended()) {
            // With lazy authentication Quarkus may already have answered a failed token itself (same problem shape).
            return;
        }
        discardBody(context.request());
        context.response().putHeader("WWW-Authenticate", "Bearer");
        problems.send(context, 401, "unauthorized", "Unauthorized", "A valid access token is required.");
    }

    /** A refused request's body (within the limits) is read and dropped, so the connection stays usable. */
    private static void discardBody(HttpServerRequest request) {
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean carriesBody(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || declaredLength(request) > 0;
    }

    private static String mediaType(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
