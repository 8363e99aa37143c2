package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the stub services and points the gateway's route table, timeouts and limits at test-sized values. */
public class StubServicesResource implements QuarkusTestResourceLifecycleManager {

    static final List<String> SERVICES = List.of("consent-service", "profile-service", "media-service");

    private StubServices stubs;

    @Override
    public Map<String, String> start() {
        stubs = new StubServices(SERVICES);
        stubs.start();
        Map<String, String> config = new HashMap<>();
        SERVICES.forEach(service -> {
            String prefix = "kidsafe.gateway.services." + service + ".";
            config.put(prefix + "url", stubs.url(service));
            config.put(prefix + "read-timeout", "1S");
            config.put(prefix + "connect-timeout", "1S");
            config.put(prefix + "breaker.failure-threshold", "3");
            config.put(prefix + "breaker.open-for", "1S");
        });
        // One pooled connection to consent-service: a test can then tell which request reuses it.
        config.put("kidsafe.gateway.services.consent-service.max-connections", "1");
        config.put("test.stubs.control-url", stubs.controlUrl());
        config.put("kidsafe.gateway.token-exchange.token-endpoint", stubs.controlUrl() + "/token");
        config.put("kidsafe.gateway.token-exchange.breaker.open-for", "1S");
        config.put("kidsafe.gateway.rate-limit.authenticated.requests-per-second", "0.5");
        config.put("kidsafe.gateway.rate-limit.authenticated.burst", "20");
        config.put("kidsafe.gateway.limits.media-body-bytes", "3000000");
        config.put("kidsafe.gateway.openapi.cache-for", "0S");
        config.put("quarkus.http.cors.origins", "https://app.kidsafe.test");
        return config;
    }

    @Override
    public void stop() {
        if (stubs != null) {
            stubs.stop();
        }
    }
}
