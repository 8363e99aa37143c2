package org.kidsafe.gateway.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;
import org.kidsafe.commons.web.RequestIds;

/**
 * Gives every request its id before routing, by the same rule as {@link RequestIds}. The id is
 * written back into the request headers, so the gateway's own JAX-RS resources (through
 * RequestIds) and the downstream services see the very same id, and echoed to the client.
 */
@ApplicationScoped
public class GatewayRequestIds {

    static final int PRIORITY = SecurityHeaders.PRIORITY - 1;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String id = RequestIds.acceptOrGenerate(context.request().getHeader(RequestIds.HEADER));
            context.request().headers().set(RequestIds.HEADER, id);
            context.put(RequestIds.MDC_KEY, id);
            MDC.put(RequestIds.MDC_KEY, id);
            context.addHeadersEndHandler(ignored -> context.response().headers().set(RequestIds.HEADER, id));
            context.next();
        }, PRIORITY);
    }
}
