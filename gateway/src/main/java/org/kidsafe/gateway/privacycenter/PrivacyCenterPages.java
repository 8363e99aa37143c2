package org.kidsafe.gateway.privacycenter;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;

/**
 * The privacy center's pages are static resources (src/main/resources/META-INF/resources/privacy-center/), served
 * by Quarkus itself. This class holds what is particular to them: the bare path leads to the page, and the
 * pages' Content-Security-Policy, which lets in only the page's own scripts and styles and, besides the gateway,
 * only the sign-in server's token endpoint.
 */
@ApplicationScoped
public class PrivacyCenterPages {

    public static final String ROOT = "/privacy-center/";
    /** After the security headers and request ids are set up (higher runs first), so the redirect carries them too. */
    static final int PRIORITY = 4000;

    private final String contentSecurityPolicy;

    PrivacyCenterPages(PrivacyCenterSettings config) {
        this.contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                + "connect-src 'self' " + origin(config.issuer()) + "; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (context.normalizedPath().equals(ROOT.substring(0, ROOT.length() - 1))) {
                context.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, ROOT).end();
                return;
            }
            context.next();
        }, PRIORITY);
    }

    /** The policy for a request path, or null if the path is not one of the privacy center's. */
    public String contentSecurityPolicy(String path) {
        return path.startsWith(ROOT) ? contentSecurityPolicy : null;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
