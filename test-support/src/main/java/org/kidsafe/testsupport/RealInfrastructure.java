package org.kidsafe.testsupport;

import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The real PostgreSQL and Kafka that a test JVM shares: started once, on free loopback ports, in
 * a throw-away folder, and stopped when the JVM exits.
 */
public final class RealInfrastructure {

    private static RealInfrastructure shared;

    private final Path workDirectory;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final Map<String, ServiceDatabase> databases = new ConcurrentHashMap<>();

    private RealInfrastructure(Path workDirectory) {
        this.workDirectory = workDirectory;
        this.postgres = PostgresServer.start(workDirectory.resolve("postgres"), FreePorts.find(), workDirectory.resolve("postgres.log"));
        this.kafka = KafkaBroker.start(workDirectory.resolve("kafka"), FreePorts.find(), FreePorts.find());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "real-infrastructure-stop"));
    }

    /** The JVM-wide instance, started on first use. */
    public static synchronized RealInfrastructure shared() {
        if (shared == null) {
            try {
                shared = new RealInfrastructure(Files.createTempDirectory("kidsafe-test-infra"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** The database of a service, named after it, e.g. {@code consent} with role {@code consent_service}. */
    public ServiceDatabase database(String service) {
        return databases.computeIfAbsent(service, name -> postgres.provision(name, name + "_service"));
    }

    private void stopAll() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
