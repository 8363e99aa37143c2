package org.kidsafe.testsupport;

import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.LocalCertificateAuthority;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.kidsafe.events.TopicAccess;

/**
 * The real PostgreSQL and Kafka that a test JVM shares: started once, on free loopback ports, in
 * a throw-away folder, and stopped (the folder deleted) when the JVM exits. Both serve TLS only, with certificates of a CA made in
 * that folder, and every client setting given here verifies them (issue 17 item 4). Kafka runs as production does (issue 16): SASL/SCRAM, every
 * topic of {@link TopicAccess} created up front, and one principal per service, with passwords made for this JVM,
 * allowed exactly what {@link TopicAccess} grants it.
 *
 * <p>Kafka starts on first use only. A test that needs only PostgreSQL (a migration test) then starts no broker,
 * which is cheaper, and matters: Kafka registers its SASL mechanisms as JVM-wide security providers, so a second
 * broker started from another class loader of the same JVM (a plain JUnit test next to {@code @QuarkusTest}s, each
 * with its own copy of this class) would get the first one's SASL servers and refuse every login.
 */
public final class RealInfrastructure {

    private static RealInfrastructure shared;

    /** Well within Surefire's 30 s exit timeout, with PostgreSQL's stop and the folder's deletion. */
    private static final Duration BROKER_CLOSE = Duration.ofSeconds(15);
    private final Path workDirectory;
    private final LocalCertificateAuthority authority;
    private final PostgresServer postgres;
    private KafkaBroker kafka;
    private final Map<String, ServiceDatabase> databases = new ConcurrentHashMap<>();
    private final Map<String, OwnedDatabase> ownedDatabases = new ConcurrentHashMap<>();
    /**
     * Made with the broker: TopicAccess is event-backbone's, which a PostgreSQL-only user (the gateway's tests, for its
     * shared rate limits) does not have on its class path.
     */
    private Map<String, KafkaCredentials> kafkaLogins;

    private RealInfrastructure(Path workDirectory) {
        this.workDirectory = workDirectory;
        // TLS with verification, as production connects (issue 17 item 4): every service test runs the TLS paths.
        this.authority = LocalCertificateAuthority.in(workDirectory.resolve("tls"));
        this.postgres = PostgresServer.start(workDirectory.resolve("postgres"), FreePorts.find(), workDirectory.resolve("postgres.log"),
                authority);
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

    /** The shared broker, started, with its topics, principals and ACLs, on first use. */
    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafkaLogins = TopicAccess.SERVICES.stream().collect(Collectors.toUnmodifiableMap(TopicAccess::service,
                    access -> new KafkaCredentials(access.service(), randomSecret())));
            KafkaBroker starting = KafkaBroker.start(workDirectory.resolve("kafka"), FreePorts.find(), FreePorts.find(),
                    new KafkaCredentials("kidsafe-admin", randomSecret()), authority);
            starting.createTopics(3, TopicAccess.allTopics().toArray(String[]::new));
            starting.authorise(TopicAccess.SERVICES.stream()
                    .collect(Collectors.toMap(access -> kafkaLogins.get(access.service()), TopicAccess::aclBindings)));
            kafka = starting;
        }
        return kafka;
    }

    /** The Kafka login of a service, e.g. {@code media-service}: what the service itself is given. */
    public synchronized KafkaCredentials kafkaLogin(String service) {
        kafka();
        KafkaCredentials login = kafkaLogins.get(service);
        if (login == null) {
            throw new IllegalArgumentException("No Kafka principal for " + service);
        }
        return login;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** The database of a service, named after it, e.g. {@code consent} with role {@code consent_service}. */
    public ServiceDatabase database(String service) {
        return databases.computeIfAbsent(service, name -> postgres.provision(name, name + "_service"));
    }

    /**
     * The database of a service whose schema belongs to an owner role it does not hold (issue 18 item 3), as production
     * runs it: e.g. {@code consent}, owned by {@code consent_owner}, the service logging in as {@code consent_service}.
     * A database made earlier by {@link #database} (the previous release's shape) is handed over to the owner;
     * afterwards {@link #database} of the same name answers the runtime login.
     */
    public OwnedDatabase ownedDatabase(String service) {
        return ownedDatabases.computeIfAbsent(service, name -> {
            // A database first made the previous release's way (a migration test) keeps its runtime login.
            String runtimePassword = databases.containsKey(name) ? databases.get(name).password() : randomSecret();
            OwnedDatabase owned = postgres.provisionOwned(name, OwnedDatabase.ownerRoleOf(name), randomSecret(),
                    name + "_service", runtimePassword);
            databases.put(name, owned.runtime());
            return owned;
        });
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Stops both servers and deletes their folder: every test JVM makes one, and a CI machine would fill up with them.
     * Surefire kills a fork whose shutdown outlasts its exit timeout (30 s), so PostgreSQL, the one process outside this
     * JVM, goes first (an orphan PostgreSQL was once found after CI), and the broker gets {@link #BROKER_CLOSE} at most:
     * media-service's tests saw its close hang on the controller's heartbeat, and the fork was killed before the folder
     * was deleted. The broker runs in this JVM and ends with it.
     */
    private synchronized void stopAll() {
        try {
            postgres.close();
        } finally {
            try {
                if (kafka != null) {
                    closeWithin(kafka, BROKER_CLOSE);
                }
            } finally {
                Directories.deleteRecursively(workDirectory);
            }
        }
    }

    /** Closes the broker on a thread of its own and stops waiting after {@code limit}; the JVM is exiting anyway. */
    private static void closeWithin(KafkaBroker broker, Duration limit) {
        Thread closing = new Thread(broker::close, "real-infrastructure-broker-stop");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
