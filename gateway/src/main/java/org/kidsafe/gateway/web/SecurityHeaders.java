package org.kidsafe.gateway.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.kidsafe.gateway.privacycenter.PrivacyCenterPages;

/**
 * Puts the browser-hardening headers on every answer, the gateway's own and every relayed one
 * (set last, so a downstream answer cannot weaken them). API answers are data, never pages: no
 * framing, no sniffing, no scripts, no caching of children's data. The privacy center's pages are the one
 * exception to "no scripts": their own, stricter-than-usual policy comes from {@link PrivacyCenterPages}.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Before every other filter, so even CORS preflights and early refusals carry the headers. */
    static final int PRIORITY = 5000;
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final PrivacyCenterPages pages;

    SecurityHeaders(PrivacyCenterPages pages) {
        this.pages = pages;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String pagePolicy = pages.contentSecurityPolicy(context.normalizedPath());
            context.addHeadersEndHandler(ignored -> apply(context.response().headers(), pagePolicy == null ? API_POLICY : pagePolicy));
            context.next();
        }, PRIORITY);
    }

    static void apply(MultiMap headers, String contentSecurityPolicy) {
        headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("Cache-Control", "no-store");
    }
}
