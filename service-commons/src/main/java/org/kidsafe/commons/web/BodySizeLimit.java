package org.kidsafe.commons.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body larger than the configured limit with 413 problem+json before any of
 * it is read. (Vert.x still enforces {@code quarkus.http.limits.max-body-size} on chunked bodies.)
 */
@ApplicationScoped
public class BodySizeLimit {

    static final String PROBLEM = """
            {"type":"https://kidsafe.dev/problems/payload-too-large","title":"Payload Too Large","status":413,\
            "detail":"The request body is too large."}""";

    private final long maxBytes;

    BodySizeLimit(@ConfigProperty(name = "kidsafe.http.max-body-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && exceeds(declared)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(PROBLEM);
                return;
            }
            context.next();
        }, 1000);
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
