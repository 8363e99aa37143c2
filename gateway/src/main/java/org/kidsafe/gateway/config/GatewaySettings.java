package org.kidsafe.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;

/** Where the gateway sends each request, and the limits it holds every caller to (shared by its replicas). */
@ConfigMapping(prefix = "kidsafe.gateway")
public interface GatewaySettings {

    /** Downstream services by name (consent-service, profile-service, media-service). */
    Map<String, Service> services();

    /**
     * The CA certificate(s), PEM, that a service's HTTPS certificate must chain to, its host name checked (issue 17 item 4:
     * gateway to services over verified TLS; the chart mounts its issuer's {@code ca.crt} here). Empty: the JVM's default
     * trust store, for {@code https://} services with public certificates; {@code http://} services (local) use none.
     */
    Optional<Path> servicesTrustedCertificates();

    Limits limits();

    RateLimit rateLimit();

    Forwarding forwarding();

    OpenApi openapi();

    TokenExchange tokenExchange();

    interface Service {

        /**
         * Base URL of each instance, e.g. {@code http://localhost:8081,http://localhost:8091} (issue 21 item 2): the
         * gateway picks one per request, round-robin (proxy/Instances). The chart names one, the Kubernetes Service.
         */
        List<URI> urls();

        /**
         * How long an instance that refused a connection (or did not accept it within {@link #connectTimeout}) is left
         * out of the rotation; the request itself goes to another instance.
         */
        @WithDefault("10S")
        Duration unreachableSkippedFor();

        /**
         * The audience this service accepts ({@code kidsafe.oidc.audience} there, e.g. {@code kidsafe-consent}): the
         * gateway forwards a token exchanged for this audience only, never the caller's own (issue 16 item 4).
         */
        String audience();

        /**
         * The service paths this service owns, each {@code [METHOD[|METHOD]] /pattern [public] [media]}:
         * {@code *} is one segment, a trailing {@code **} any rest; {@code public} needs no token,
         * {@code media} takes media bodies (bigger limit, media content types).
         */
        List<String> routes();

        @WithDefault("2S")
        Duration connectTimeout();

        /** Longest silence while waiting for the answer or for its next chunk. */
        @WithDefault("30S")
        Duration readTimeout();

        @WithDefault("50")
        int maxConnections();

        Breaker breaker();
    }

    /**
     * A breaker on the failure rate over a sliding window (proxy/CircuitBreaker; issue 21 item 1): one bad pod among the
     * Service's pods fails a share of the calls below {@link #failureRatio} and is left to its readiness probe.
     */
    interface Breaker {

        /** How far back calls count. */
        @WithDefault("10S")
        Duration window();

        /** Calls the window must hold before their failure rate may open the breaker. */
        @WithDefault("20")
        int minimumCalls();

        /** Share of the window's calls that failed (unreachable, timeout, 502/503/504) at which the breaker opens. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses before letting trial requests through. */
        @WithDefault("10S")
        Duration openFor();

        /** Trial requests of a half-open breaker: all must succeed to close it, one failure opens it again. */
        @WithDefault("3")
        int halfOpenProbes();
    }

    interface Limits {

        @WithDefault("1048576")
        long jsonBodyBytes();

        @WithDefault("26214400")
        long mediaBodyBytes();

        @WithDefault("image/jpeg,image/png,audio/ogg,audio/wav,application/pdf,application/octet-stream")
        List<String> mediaTypes();
    }

    interface RateLimit {

        /** Callers with a valid token, counted per token subject. */
        Bucket authenticated();

        /** Callers of public routes, counted per client address. */
        Bucket anonymous();

        /** How the replicas share each caller's bucket. */
        SharedLimits shared();
    }

    /**
     * Every replica takes its callers' tokens from buckets in the gateway's own database, a lease of a few at a time
     * (web/SharedRateLimiter; issue 21 item 1), so a limit holds for the whole gateway, whatever its replica count.
     */
    interface SharedLimits {

        /** Most tokens one lease takes; a lease never takes more than the caller earns back in {@link #leaseFor}. */
        @WithDefault("5")
        int leaseMaxTokens();

        /** How long a replica may spend a lease; what is left then is lost, not handed back. */
        @WithDefault("1S")
        Duration leaseFor();

        /** After the database failed to answer, how long each replica limits callers alone before asking it again. */
        @WithDefault("5S")
        Duration storeRetryAfter();

        /** How often a replica deletes the buckets that are full again (any replica may; several at once is harmless). */
        @WithDefault("1M")
        Duration sweepEvery();
    }

    /**
     * Which TCP peers may name the client in {@code X-Forwarded-For}, so that per-address limits count the real client
     * behind the ingress instead of the ingress pod (issue 17 item 2). These two settings feed Quarkus' own
     * {@code quarkus.http.proxy.proxy-address-forwarding} and {@code quarkus.http.proxy.trusted-proxies}
     * (application.properties); {@code web.TrustedProxies} refuses to start with forwarding on and
     * no proxy named, because Quarkus reads an empty list as "every peer is a proxy" and a client could then choose its
     * own bucket.
     */
    interface Forwarding {

        /** Believe {@code X-Forwarded-For} from the trusted proxies; off: every client is its TCP peer. */
        @WithDefault("false")
        boolean enabled();

        /** The reverse proxies in front of the gateway, as addresses or CIDRs (the ingress controller's pod range). */
        Optional<List<String>> trustedProxies();
    }

    interface Bucket {

        double requestsPerSecond();

        int burst();
    }

    /**
     * How the gateway trades a caller's token for a token of one service (Keycloak standard token exchange, RFC 8693;
     * issue 16 item 4), and the one cache of the results (issue 22 item 3).
     */
    interface TokenExchange {

        /** Keycloak's token endpoint of the realm, e.g. {@code <issuer>/protocol/openid-connect/token}. */
        URI tokenEndpoint();

        /** The gateway's confidential client, the only one allowed to exchange. */
        @WithDefault("kidsafe-gateway")
        String clientId();

        /**
         * Its secret as a setting (the chart's environment variable; service tests). Where
         * {@code kidsafe.secret-files.keycloak-client} names a file, as {@code ./kidsafe up} does, the file wins and is read
         * at each exchange, so a rotation needs no restart (issue 16 item 5). Never logged.
         */
        Optional<String> clientSecret();

        /** Longest wait for Keycloak's answer. */
        @WithDefault("2S")
        Duration timeout();

        /** Opens on a sustained failure rate of Keycloak (unreachable, timeout, 5xx): then 503 at once. */
        Breaker breaker();

        /** Entries of the one token cache (token/TokenCache): verified caller tokens and service tokens together; 0 turns it off. */
        @WithDefault("10000")
        long cacheMaxEntries();

        /** A cached token is handed out only until this long before the earlier expiry of the two tokens. */
        @WithDefault("10S")
        Duration cacheSkew();

        /**
         * Issue 17 item 3: the compliance officers' client (password and one-time code at every sign-in). Only a caller's
         * token issued to it ({@code azp}) is exchanged with {@link #officerScope}, so only such a token reaches a service
         * with the role {@code compliance-officer}; the exchanged token's own {@code azp} is the gateway's.
         */
        @WithDefault("kidsafe-officer-console")
        String officerClientId();

        /** The gateway's optional client scope that alone carries the role {@code compliance-officer} into an exchanged token. */
        @WithDefault("kidsafe-officer")
        String officerScope();
    }

    interface OpenApi {

        /** How long a fetched service document is reused. */
        @WithDefault("30S")
        Duration cacheFor();
    }
}
