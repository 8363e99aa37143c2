package org.kidsafe.gateway.web;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kidsafe.gateway.config.GatewaySettings;

import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * The gateway's two rate limits, per token subject and per client address, both shared by every replica through the
 * gateway's own database (issue 21 item 1; {@link SharedRateLimiter} says how and why), and the periodic sweep of
 * the buckets that are full again.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    private final TokenLeases store;
    private final SharedRateLimiter perSubject;
    private final SharedRateLimiter perAddress;
    /** JDBC blocks: leases and sweeps run on Quarkus' worker pool, never on an event loop. */
    private final Executor blocking = command -> Infrastructure.getDefaultWorkerPool().execute(command);
    private final GatewaySettings.SharedLimits shared;

    RateLimits(GatewaySettings config, AgroalDataSource dataSource, MeterRegistry metrics) {
        this.shared = config.rateLimit().shared();
        this.store = new TokenLeases(dataSource);
        this.perSubject = new SharedRateLimiter(store, config.rateLimit().authenticated(), shared, blocking, System::nanoTime);
        this.perAddress = new SharedRateLimiter(store, config.rateLimit().anonymous(), shared, blocking, System::nanoTime);
        Gauge.builder("kidsafe.gateway.rate.limits.shared", this, limits -> limits.perSubject.shared() && limits.perAddress.shared() ? 1 : 0)
                .description("1 while the rate limits are shared by every replica; 0 while the database is unreachable and each replica limits alone")
                .register(metrics);
    }

    void startSweeping(@Observes StartupEvent started, Vertx vertx) {
        vertx.setPeriodic(shared.sweepEvery().toMillis(), id -> blocking.execute(this::sweep));
    }

    /** For a token's subject: callers of routes that need a token. */
    public SharedRateLimiter perSubject() {
        return perSubject;
    }

    /** For a client address: callers of public routes. */
    public SharedRateLimiter perAddress() {
        return perAddress;
    }

    private void sweep() {
        try {
            store.sweep();
        } catch (SQLException e) {
            LOG.warnf("Could not delete the full rate-limit buckets (%s); the next sweep will", e.toString());
        }
    }
}
