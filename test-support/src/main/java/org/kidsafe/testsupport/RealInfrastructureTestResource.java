package org.kidsafe.testsupport;

import org.kidsafe.embedded.ServiceDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL and Kafka of {@link RealInfrastructure}.
 * The init argument {@code service} names the service's own database (consent, profile, media).
 */
public class RealInfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
    }

    @Override
    public Map<String, String> start() {
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infrastructure.kafka().bootstrapServers());
        if (service != null) {
            ServiceDatabase database = infrastructure.database(service);
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.username", database.username());
            config.put("quarkus.datasource.password", database.password());
        }
        return config;
    }

    @Override
    public void stop() {
        // The infrastructure outlives one application start; the JVM shutdown hook stops it.
    }
}
