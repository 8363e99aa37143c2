package org.kidsafe.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.gateway.routing.Route;
import org.kidsafe.gateway.problem.Problems;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Relays one request to its service and the answer back, streaming both bodies (a media upload or
 * download is never held whole in the gateway), with a token exchanged for that service instead of the caller's.
 */
@ApplicationScoped
public class Proxy {

    private static final Logger LOG = Logger.getLogger(Proxy.class);

    private final Downstreams downstreams;
    private final Problems problems;
    private final ServiceTokens serviceTokens;

    Proxy(Downstreams downstreams, Problems problems, ServiceTokens serviceTokens) {
        this.downstreams = downstreams;
        this.problems = problems;
        this.serviceTokens = serviceTokens;
    }

    /**
     * @param servicePath the path the service answers, e.g. {@code /v1/children/42/profile}
     * @param bodyLimit   most bytes this route's body may have (counted as it streams)
     */
    public void forward(RoutingContext context, Route route, String servicePath, long bodyLimit) {
        Downstream service = downstreams.get(route.service());
        HttpServerRequest in = context.request();
        String query = in.query();
        LimitedBody body = hasBody(in) ? new LimitedBody(in, bodyLimit) : null;
        MultiMap headers = ForwardedHeaders.request(in.headers(), in.remoteAddress().hostAddress(), in.scheme());
        String callerToken = bearer(headers);
        // The caller's own token never reaches a service (issue 16 item 4): a public route gets none, any other route a
        // token exchanged for that one service.
        headers.remove(HttpHeaders.AUTHORIZATION);
        Future<MultiMap> ready = route.open() || callerToken == null
                ? Future.succeededFuture(headers)
                : serviceTokens.forService(callerToken, service.audience())
                        .map(token -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        ready.onFailure(failure -> {
            if (body != null) {
                in.resume(); // the body is read and dropped: the refusal is the answer
            }
            tokenRefused(context, failure);
        }).onSuccess(withToken -> {
            if (body == null) {
                in.resume(); // paused while the token was checked; lets the request complete
            }
            service.exchange(in.method(), query == null ? servicePath : servicePath + "?" + query, withToken, body)
                    .onSuccess(answer -> relay(context, answer))
                    .onFailure(failure -> refuse(context, service.name(), body, failure));
        });
    }

    /** The bearer token of the request (verified by the gateway already), or null. */
    private static String bearer(MultiMap headers) {
        String authorization = headers.get(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
    }

    /** The caller's token could not be exchanged: refused by Keycloak (401) or Keycloak unavailable (503). */
    private void tokenRefused(RoutingContext context, Throwable failure) {
        if (failure instanceof TokenExchangeRefused) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            problems.send(context, 401, "unauthorized", "Unauthorized", "A valid access token is required.");
        } else {
            LOG.warnf("No service token: %s", failure.getMessage());
            problems.send(context, 503, "token-service-unavailable", "Service Unavailable",
                    "Sign-in cannot be checked right now; try again later.", Map.of("service", "keycloak"));
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.trim().equals("0"));
    }

    private void relay(RoutingContext context, HttpClientResponse answer) {
        HttpServerResponse out = context.response();
        out.setStatusCode(answer.statusCode());
        out.headers().addAll(ForwardedHeaders.response(answer.headers()));
        boolean bodiless = context.request().method() == HttpMethod.HEAD || answer.statusCode() == 204 || answer.statusCode() == 304;
        if (!bodiless && !out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            out.setChunked(true);
        }
        answer.pipe().endOnFailure(false).to(out).onFailure(failure -> {
            // A half-relayed answer must not look complete to the client: cut the client's connection.
            // The service's connection is left alone: the pipe drains what remains of the answer, and the
            // connection returns to the pool whole. Resetting the answer's request instead would close that
            // connection even when it has already been handed to another request (vert.x issue 6294), which
            // then fails with a 503 although the service would have answered it.
            LOG.debugf("Relaying the answer broke off: %s", failure.toString());
            out.reset();
        });
    }

    private void refuse(RoutingContext context, String service, LimitedBody body, Throwable failure) {
        if (body != null && body.exceeded()) {
            // The rest of the body is never read: answer, then drop the connection so the client stops sending.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            if (context.request().version() != HttpVersion.HTTP_2) {
                context.response().endHandler(ignored -> context.request().connection().close());
            }
            problems.send(context, 413, "payload-too-large", "Payload Too Large", "The request body is too large.");
        } else if (failure instanceof TimeoutException) {
            LOG.warnf("%s did not answer in time", service);
            problems.send(context, 504, "service-timeout", "Gateway Timeout",
                    "The " + service + " did not answer in time; try again later.", Map.of("service", service));
        } else {
            LOG.warnf("%s is unavailable: %s", service, failure.toString());
            problems.unavailable(context, service);
        }
    }
}
