package org.kidsafe.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the stub services and points the gateway's route table, timeouts and limits at test-sized values, and the
 * gateway at its own database on the real PostgreSQL (its shared rate limits, issue 21 item 1).
 */
public class StubServicesResource implements QuarkusTestResourceLifecycleManager {

    static final List<String> SERVICES = List.of("consent-service", "profile-service", "media-service");
    /**
     * Init argument: the service that gets a second stub instance, named {@code <service>-b}, both listed in the
     * service's {@code urls} (issue 21 item 2).
     */
    static final String SECOND_INSTANCE_OF = "second-instance-of";

    private StubServices stubs;
    private String twoInstances;

    static String secondInstance(String service) {
        return service + "-b";
    }

    @Override
    public void init(Map<String, String> initArgs) {
        twoInstances = initArgs.get(SECOND_INSTANCE_OF);
    }

    @Override
    public Map<String, String> start() {
        List<String> instances = new ArrayList<>(SERVICES);
        if (twoInstances != null) {
            instances.add(secondInstance(twoInstances));
        }
        stubs = new StubServices(instances);
        stubs.start();
        Map<String, String> config = new HashMap<>();
        ServiceDatabase database = RealInfrastructure.shared().database("gateway");
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        SERVICES.forEach(service -> {
            String prefix = "kidsafe.gateway.services." + service + ".";
            config.put(prefix + "urls", service.equals(twoInstances)
                    ? stubs.url(service) + "," + stubs.url(secondInstance(service))
                    : stubs.url(service));
            config.put(prefix + "unreachable-skipped-for", "1S");
            config.put(prefix + "read-timeout", "1S");
            config.put(prefix + "connect-timeout", "1S");
            // Over the last 2 s, at least 3 calls of which half failed open it: three failures in a row do.
            config.put(prefix + "breaker.window", "2S");
            config.put(prefix + "breaker.minimum-calls", "3");
            config.put(prefix + "breaker.failure-ratio", "0.5");
            config.put(prefix + "breaker.half-open-probes", "1");
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
