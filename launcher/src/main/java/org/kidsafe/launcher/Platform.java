package org.kidsafe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.embedded.DevMailbox;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.LocalCertificateAuthority;
import org.kidsafe.embedded.Nginx;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.embedded.keycloak.RealmUpgrade;
import org.kidsafe.commons.secrets.SecretFiles;
import org.kidsafe.launcher.erasure.ErasureReplay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole KidSafe platform on one machine, without Docker: PostgreSQL (one database and role per
 * service, and one for Keycloak), Kafka, Keycloak on that PostgreSQL with the kidsafe realm ({@link LocalKeycloak}), a development SMTP server, and the four packaged
 * services as separate processes. Used by {@code ./kidsafe up} and by the end-to-end tests.
 *
 * <p>Kafka runs as production does (issue 16): each service logs in with its own SCRAM principal, whose password is
 * made once per installation and kept in {@code keys/}, and may do exactly what event-backbone's TopicAccess grants
 * it ({@link LocalKafka}).
 *
 * <p>consent-service's schema belongs to an owner role it does not hold (issue 18 item 3): {@link OwnerMigration} migrates
 * it as that owner, in a task that exits, before the service starts with its runtime role; a database of the previous
 * release is handed over to the owner on the way.
 *
 * <p>Each service may run as several instances ({@code ./kidsafe up --replicas=N}; issue 21 item 2): separate processes,
 * each on ports of its own ({@link Ports#instance}), sharing the service's database, Kafka login and Keycloak client;
 * every gateway instance lists every instance of each service and balances over them ({@link #gatewayUpstreams}).
 *
 * <p>Every credential a service holds (database password, Kafka password, Keycloak client secret, signing key) is a
 * file in {@code keys/} that the service reads at each use, set where it is checked at every start, and rotatable while
 * everything runs ({@link #rotate}, {@code ./kidsafe rotate}; issue 16 item 5).
 */
public final class Platform implements AutoCloseable {

    public static final String GATEWAY = "gateway";
    public static final String CONSENT = "consent-service";
    public static final String PROFILE = "profile-service";
    public static final String MEDIA = "media-service";
    /** Start order: the services, then the gateway that fronts them. */
    public static final List<String> SERVICES = List.of(CONSENT, PROFILE, MEDIA, GATEWAY);
    public static final String KEYCLOAK_ADMIN = LocalKeycloak.ADMIN;
    /**
     * The name among the keys of the erasure operator's Keycloak secret ({@code keys/keycloak-erasure-operator.secret}):
     * the operator's, read by {@code ./kidsafe erasures replay}, never given to a service.
     */
    static final String ERASURE_OPERATOR_SECRET = "keycloak-erasure-operator";
    /** The name of the Keycloak administrator's password among the keys. */
    static final String KEYCLOAK_ADMIN_PASSWORD = "keycloak-admin";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path repositoryRoot;
    private final Path dataDirectory;
    private final Ports ports;
    private final boolean persistentIdentities;
    private final int replicas;
    private final List<AutoCloseable> started = new ArrayList<>();
    /** Each service's instances, the first one first. */
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
    private PostgresServer postgres;
    private PostgresServer keycloakPostgres;
    private KafkaBroker kafka;
    private DevMailbox mailbox;
    private KeycloakServer keycloak;
    private RealmUpgrade.Outcome realmUpgrade;
    private Keys keys;
    private OwnerMigration ownerMigration;

    /**
     * @param persistentIdentities keep Keycloak's users and toys across restarts ({@code ./kidsafe up}), and carry over
     *                             a previous release's H2 store; tests start from an empty Keycloak database and the
     *                             realm as code every time
     */
    public Platform(Path repositoryRoot, Path dataDirectory, Ports ports, boolean persistentIdentities) {
        this(repositoryRoot, dataDirectory, ports, persistentIdentities, 1);
    }

    /** @param replicas instances of each service, the gateway included (issue 21 item 2) */
    public Platform(Path repositoryRoot, Path dataDirectory, Ports ports, boolean persistentIdentities, int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("At least one instance of each service, not " + replicas);
        }
        this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.ports = ports;
        this.persistentIdentities = persistentIdentities;
        this.replicas = replicas;
    }

    /**
     * Starts everything and waits until every service is ready. A start that fails stops what it had started before it
     * throws: the in-process broker's threads are not daemons, so the caller's JVM would not exit after the failure, its
     * shutdown hook would never run, and PostgreSQL, Keycloak and the services started so far outlived it (a failed
     * benchmark run's did, until its harness was killed).
     */
    public Platform start() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "kidsafe-platform-stop"));
        try {
            startAll();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private void startAll() {
        Path logs = dataDirectory.resolve("logs");
        keys = new Keys(dataDirectory.resolve("keys"));
        // PostgreSQL and Kafka serve TLS from the installation's CA, made at the first start (issue 17 item 4).
        LocalCertificateAuthority authority = keys.certificateAuthority();
        postgres = remember(PostgresServer.start(dataDirectory.resolve("postgres"), ports.postgres(), logs.resolve("postgres.log"), authority));
        // Schemas owned by a role the service does not hold are migrated first, as that owner, by a task that exits;
        // it needs only PostgreSQL, so it runs while Kafka and Keycloak start.
        ownerMigration = new OwnerMigration(keys, postgres);
        CompletableFuture<Void> ownerMigrated = CompletableFuture.runAsync(() -> SERVICES.stream()
                .filter(OwnerMigration::appliesTo).forEach(service -> ownerMigration.migrate(service, jarOf(service), logs)));
        kafka = remember(LocalKafka.start(dataDirectory.resolve("kafka"), ports.kafka(), ports.kafkaController(), keys));
        mailbox = remember(DevMailbox.start(ports.smtp(), ports.mailbox()));
        // Keycloak's store on a server of its own, as the chart runs it (a CloudNativePG cluster per database).
        keycloakPostgres = remember(PostgresServer.start(dataDirectory.resolve("keycloak-postgres"), ports.keycloakPostgres(),
                logs.resolve("keycloak-postgres.log"), authority));
        keycloak = remember(LocalKeycloak.start(dataDirectory.resolve("keycloak"), keycloakPostgres, keys, ports.keycloak(),
                gatewayUrlAt(ports), mailbox.smtpPort(), persistentIdentities));
        if (persistentIdentities) {
            // A kept store holds the realm of the release that made it; bring it to this release's (principle 8).
            realmUpgrade = RealmUpgrade.of(keycloak).apply(DevRealm.realm(gatewayUrlAt(ports), mailbox.smtpPort()));
        }
        // The realm's development defaults never stay in force: each client gets its secret from keys/, at every start
        // (after the realm upgrade, which sets the file's development secrets on a client it creates).
        KeycloakClientSecrets clients = new KeycloakClientSecrets(keycloak.baseUrl(), KEYCLOAK_ADMIN, keys.secret(KEYCLOAK_ADMIN_PASSWORD));
        SERVICES.stream().filter(Credential.KEYCLOAK::heldBy)
                .forEach(service -> clients.setClientSecret(Credential.keycloakClient(service), keycloakClientSecret(service)));
        clients.setClientSecret(KidSafeRealm.ERASURE_OPERATOR, keys.secret(ERASURE_OPERATOR_SECRET));
        awaitOwnerMigration(ownerMigrated);
        // In start order: the gateway's properties name every instance of the services before it.
        for (String service : SERVICES) {
            Map<String, String> properties = properties(service, keys);
            Map<String, String> environment = environment(service, keys);
            List<ServiceProcess> instances = new ArrayList<>();
            for (InstanceLayout instance : layout(service, ports, replicas)) {
                instances.add(new ServiceProcess(instance.name(), jarOf(service), instance.ports().port(),
                        instance.ports().managementPort(), properties, environment, logs.resolve(instance.name() + ".log")));
            }
            services.put(service, List.copyOf(instances));
        }
        // One round per instance: the first instances migrate their schemas and start alone, as at one replica; the
        // further ones then find their schemas migrated, and 2 cores are not shared by 8 starting JVMs at once.
        for (int index = 0; index < replicas; index++) {
            List<ServiceProcess> round = instancesAt(index);
            round.forEach(ServiceProcess::start);
            round.forEach(service -> service.awaitReady(READY_TIMEOUT));
        }
    }

    /**
     * Where each instance of a service runs and what it is called (its process and log file): the first keeps the
     * service's name and ports, instance {@code i} (from 2) is {@code <service>-<i>} on {@link Ports#instance}.
     */
    record InstanceLayout(String name, Ports.Instance ports) {
    }

    static List<InstanceLayout> layout(String service, Ports ports, int replicas) {
        List<InstanceLayout> layout = new ArrayList<>();
        for (int index = 0; index < replicas; index++) {
            layout.add(new InstanceLayout(index == 0 ? service : service + "-" + (index + 1), ports.instance(service, index)));
        }
        return layout;
    }

    /** The gateway's settings that list each service's instances, e.g. {@code ...consent-service.urls=http://127.0.0.1:8081,http://127.0.0.1:8091}. */
    static Map<String, String> gatewayUpstreams(Map<String, List<String>> baseUrlsByService) {
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (String upstream : List.of(CONSENT, PROFILE, MEDIA)) {
            upstreams.put("kidsafe.gateway.services." + upstream + ".urls", String.join(",", baseUrlsByService.get(upstream)));
        }
        return upstreams;
    }

    private List<ServiceProcess> instancesAt(int index) {
        return services.values().stream().map(instances -> instances.get(index)).toList();
    }

    private List<ServiceProcess> all() {
        return services.values().stream().flatMap(List::stream).toList();
    }

    private static void awaitOwnerMigration(CompletableFuture<Void> migrated) {
        try {
            migrated.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Map<String, String> properties(String service, Keys keys) {
        Map<String, String> properties = new HashMap<>();
        properties.put("kidsafe.oidc.issuer", keycloak.issuer());
        properties.put("quarkus.log.console.json.enabled", "false");
        if (Credential.KEYCLOAK.heldBy(service)) {
            properties.put("kidsafe.secret-files." + SecretFiles.KEYCLOAK_CLIENT, keys.secretFile(keycloakSecretName(service)).toString());
        }
        if (service.equals(GATEWAY)) {
            Map<String, List<String>> baseUrls = new LinkedHashMap<>();
            for (String upstream : List.of(CONSENT, PROFILE, MEDIA)) {
                baseUrls.put(upstream, instances(upstream).stream().map(ServiceProcess::baseUrl).toList());
            }
            properties.putAll(gatewayUpstreams(baseUrls));
            // As the chart's gateway trusts the ingress: one reverse proxy, embedded-platform's Nginx, connecting from an
            // address of its own; every other local client is counted by its own address (issue 17 item 2).
            properties.put("kidsafe.gateway.forwarding.enabled", "true");
            properties.put("kidsafe.gateway.forwarding.trusted-proxies", Nginx.UPSTREAM_SOURCE + "/32");
        }
        properties.put("quarkus.datasource.credentials-provider", SecretFiles.DATABASE);
        properties.put("kidsafe.secret-files." + SecretFiles.DATABASE, keys.secretFile(databasePasswordName(service)).toString());
        if (service.equals(GATEWAY)) {
            return properties;
        }
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("kidsafe.signing.private-key-file", keys.signingKey(service).toString());
        properties.put("kidsafe.signing.retired-keys-directory", keys.retiredSigningKeys(service).toString());
        switch (service) {
            case CONSENT -> {
                // Signed consent forms are sealed per parent under keys this KEK wraps (issue 18 item 2).
                properties.put("kidsafe.kek.directory", keys.keyEncryptionKeys(CONSENT).toString());
                properties.put("quarkus.mailer.host", "127.0.0.1");
                properties.put("quarkus.mailer.port", Integer.toString(mailbox.smtpPort()));
                properties.put("quarkus.mailer.from", "no-reply@kidsafe.localhost");
                properties.put("quarkus.mailer.mock", "false");
                properties.put("kidsafe.parent-accounts.url", keycloak.baseUrl());
                for (String participant : List.of(PROFILE, MEDIA)) {
                    properties.put("kidsafe.erasure.trusted-keys." + participant,
                            keys.signingPublicKey(participant) + "," + keys.retiredSigningKeys(participant));
                }
            }
            case PROFILE -> {
                properties.put("kidsafe.kek.directory", keys.keyEncryptionKeys(PROFILE).toString());
                properties.put("kidsafe.pseudonymisation.key-file", keys.pseudonymisationKey().toString());
                properties.put("kidsafe.keycloak.url", keycloak.baseUrl());
                properties.put("kidsafe.keycloak.registrar-client-id", KidSafeRealm.DEVICE_REGISTRAR);
            }
            case MEDIA -> {
                properties.put("kidsafe.kek.directory", keys.keyEncryptionKeys(MEDIA).toString());
                properties.put("kidsafe.media.store.directory", dataDirectory.resolve("media").toString());
            }
            default -> throw new IllegalArgumentException(service);
        }
        return properties;
    }

    /**
     * Settings that name a secret travel in the environment, not on the command line; the secrets themselves stay in
     * their files (the properties name them), which the services read at each use.
     */
    private Map<String, String> environment(String service, Keys keys) {
        Map<String, String> environment = new HashMap<>();
        ServiceDatabase owned = OwnerMigration.appliesTo(service) ? ownerMigration.provision(service).runtime()
                : postgres.provision(databaseOf(service), roleOf(service), keys.secret(databasePasswordName(service)));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", owned.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", owned.username());
        if (!service.equals(GATEWAY)) {
            environment.putAll(LocalKafka.environment(service, keys));
        }
        return environment;
    }

    /** The service's own database, e.g. {@code consent} for consent-service, {@code gateway} for the gateway. */
    static String databaseOf(String service) {
        return service.equals(GATEWAY) ? GATEWAY : service.substring(0, service.indexOf('-'));
    }

    /** The service's own login role, e.g. {@code consent_service}. */
    static String roleOf(String service) {
        return databaseOf(service) + "_service";
    }

    static String databasePasswordName(String service) {
        return "db-" + databaseOf(service);
    }

    static String keycloakSecretName(String service) {
        return "keycloak-" + service;
    }

    private Path jarOf(String service) {
        return jarIn(repositoryRoot, service);
    }

    /** A service's packaged application in the repository. */
    static Path jarIn(Path repositoryRoot, String service) {
        return repositoryRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.add(component);
        return component;
    }

    /** The service's first instance (its only one, unless the platform runs replicas). */
    public ServiceProcess service(String name) {
        return instances(name).get(0);
    }

    /** Every instance of the service, the first one first. */
    public List<ServiceProcess> instances(String name) {
        List<ServiceProcess> instances = services.get(name);
        if (instances == null) {
            throw new IllegalArgumentException("No service " + name);
        }
        return instances;
    }

    /**
     * A service's own database and its login as it is now (after a rotation, the new password), for tests that check
     * what really was (or was not) written.
     */
    public ServiceDatabase database(String service) {
        if (!Credential.DATABASE_PASSWORD.heldBy(service)) {
            throw new IllegalArgumentException("No database for " + service);
        }
        return new ServiceDatabase(databaseOf(service), roleOf(service), keys.secret(databasePasswordName(service)),
                postgres.jdbcUrl(databaseOf(service)));
    }

    /** The secret of the service's Keycloak client as it is now, for tests that play that service. */
    public String keycloakClientSecret(String service) {
        return keys.secret(keycloakSecretName(service));
    }

    /** The service's Kafka login as it is now, for tests that play that service. */
    public KafkaCredentials kafkaLogin(String service) {
        return LocalKafka.login(service, keys);
    }

    public String gatewayUrl() {
        return service(GATEWAY).baseUrl();
    }

    /** Each gateway instance's URL: with replicas, a client may use any of them (README, "Running"). */
    public List<String> gatewayUrls() {
        return instances(GATEWAY).stream().map(ServiceProcess::baseUrl).toList();
    }

    /** The gateway's URL before it runs: Keycloak must know the privacy center's address when it starts. */
    private static String gatewayUrlAt(Ports ports) {
        return ServiceProcess.baseUrl(ports.of(GATEWAY));
    }

    /**
     * {@code ./kidsafe rotate <service> --signing-key} on this platform: the service's new signing key id. The running
     * service takes the new key up by itself, so tests can rotate under traffic.
     */
    public String rotateSigningKey(String service) {
        return keys.rotateSigningKey(service);
    }

    /**
     * {@code ./kidsafe rotate <service> <option>} on this platform, with the services running: says what was done. The
     * running service takes the new credential up by itself, so tests can rotate under traffic.
     */
    public String rotate(String service, Credential credential) {
        return new CredentialRotation(keys, ports).rotate(credential, service);
    }

    /**
     * {@code ./kidsafe erasures replay --since <since>} on this platform (the same code, with this platform's ports):
     * consent-service's account of the replay.
     */
    public JsonNode replayErasures(Instant since) {
        return ErasureReplay.replay(keycloak.issuer(), keys.secret(ERASURE_OPERATOR_SECRET), service(CONSENT).baseUrl(), since);
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** What the start did to a kept realm ({@link RealmUpgrade}); null when the realm was imported afresh. */
    public RealmUpgrade.Outcome realmUpgrade() {
        return realmUpgrade;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public DevMailbox mailbox() {
        return mailbox;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the services first, then the infrastructure in reverse order of start. */
    @Override
    public synchronized void close() {
        List<ServiceProcess> running = new ArrayList<>(all());
        java.util.Collections.reverse(running);
        running.forEach(ServiceProcess::stop);
        services.clear();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.getLogger(Platform.class.getName()).log(System.Logger.Level.WARNING, "Could not stop " + started.get(i), e);
            }
        }
        started.clear();
    }
}
