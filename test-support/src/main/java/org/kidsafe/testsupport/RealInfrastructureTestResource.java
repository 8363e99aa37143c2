package org.kidsafe.testsupport;

import org.kidsafe.embedded.ServiceDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL and Kafka of {@link RealInfrastructure}.
 * The init argument {@code service} names the service's own database (consent, profile, media); the service logs in
 * to Kafka as its own principal ({@code <service>-service}) through the settings the Helm chart sets
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}), so every service
 * test runs with Kafka's authorisation on.
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
            infrastructure.kafkaLogin(service + "-service").clientConfig()
                    .forEach((name, value) -> config.put("kafka." + name, value.toString()));
        }
        return config;
    }

    @Override
    public void stop() {
        // The infrastructure outlives one application start; the JVM shutdown hook stops it.
    }
}
