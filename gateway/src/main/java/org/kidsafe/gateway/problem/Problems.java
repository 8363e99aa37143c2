package org.kidsafe.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.web.RequestIds;

import java.util.Map;

/** Writes the gateway's own refusals as problem+json, shaped exactly like the services' (same {@link Problem}). */
@ApplicationScoped
public class Problems {

    private final ObjectMapper json;

    Problems(ObjectMapper json) {
        this.json = json;
    }

    public void send(RoutingContext context, int status, String slug, String title, String detail) {
        send(context, status, slug, title, detail, Map.of());
    }

    public void send(RoutingContext context, int status, String slug, String title, String detail, Map<String, Object> extensions) {
        if (context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            // Too late for an answer of our own: cut the half-sent one off rather than let it look complete.
            context.response().reset();
            return;
        }
        String requestId = context.get(RequestIds.MDC_KEY);
        Problem problem = new Problem(slug, title, status, detail, requestId, extensions);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document could not be written", e);
        }
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }

    public void unavailable(RoutingContext context, String service) {
        send(context, 503, "service-unavailable", "Service unavailable",
                "The " + service + " cannot be reached right now; try again later.", Map.of("service", service));
    }
}
