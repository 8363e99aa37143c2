package org.kidsafe.gateway.proxy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.kidsafe.gateway.config.GatewaySettings;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The configured downstream services by name, in name order. */
@ApplicationScoped
public class Downstreams {

    private final Map<String, Downstream> byName = new TreeMap<>();

    Downstreams(GatewaySettings config, Vertx vertx, MeterRegistry metrics) {
        config.services().forEach((name, service) -> {
            Downstream downstream = new Downstream(name, service, config.servicesTrustedCertificates(), vertx);
            byName.put(name, downstream);
            Gauge.builder("kidsafe.gateway.breaker.open", downstream, d -> d.breakerState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                    .tag("service", name)
                    .description("1 while the service's circuit breaker refuses or is trying its trial requests")
                    .register(metrics);
        });
    }

    public Downstream get(String name) {
        Downstream downstream = byName.get(name);
        if (downstream == null) {
            throw new IllegalStateException("No downstream service named " + name);
        }
        return downstream;
    }

    public Collection<Downstream> all() {
        return byName.values();
    }

    void close(@Observes ShutdownEvent shutdown) {
        byName.values().forEach(Downstream::close);
    }
}
