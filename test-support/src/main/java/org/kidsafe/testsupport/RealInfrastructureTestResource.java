package org.kidsafe.testsupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL and Kafka of {@link RealInfrastructure}.
 * The init argument {@code service} names the service's own database (consent, profile, media); the service logs in
 * to Kafka as its own principal ({@code <service>-service}) through the settings the Helm chart sets
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, and the PEM trust store
 * {@code KAFKA_SSL_TRUSTSTORE_*}), so every service test runs with Kafka's authorisation on, over verified TLS; its JDBC URL
 * verifies PostgreSQL's certificate ({@code sslmode=verify-full}).
 *
 * <p>A service that does not migrate its own schema ({@code quarkus.flyway.migrate-at-start=false}, issue 18 item 3) gets
 * its database split as production runs it: the schema is migrated here as the owner role from the service's
 * {@code quarkus.flyway.locations}, as the init task does before the service starts, with the runtime role as the
 * migrations' {@code runtime_role} placeholder; the service under test logs in as its runtime role, with only what the
 * migrations granted it.
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
            Config app = ConfigProvider.getConfig();
            ServiceDatabase database = app.getOptionalValue("quarkus.flyway.migrate-at-start", Boolean.class).orElse(false)
                    ? infrastructure.database(service)
                    : migratedAsOwner(infrastructure, app.getValue("quarkus.flyway.locations", String[].class));
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.username", database.username());
            config.put("quarkus.datasource.password", database.password());
            infrastructure.kafkaLogin(service + "-service").clientConfig(infrastructure.kafka().caCertificate())
                    .forEach((name, value) -> config.put("kafka." + name, value.toString()));
        }
        return config;
    }

    private ServiceDatabase migratedAsOwner(RealInfrastructure infrastructure, String[] locations) {
        OwnedDatabase database = infrastructure.ownedDatabase(service);
        ServiceMigrations.asOwner(database, "latest", locations).migrate();
        return database.runtime();
    }

    @Override
    public void stop() {
        // The infrastructure outlives one application start; the JVM shutdown hook stops it.
    }
}
