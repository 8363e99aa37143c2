package org.kidsafe.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), run inside this JVM, secured
 * the way production runs Kafka (issue 16, principle 7): clients log in with SASL/SCRAM-SHA-512 on the one client
 * listener, {@code StandardAuthorizer} checks every request, and nothing is allowed without an ACL
 * ({@code allow.everyone.if.no.acl.found=false}). One super user, the platform's own admin, creates topics and
 * principals and serves test probes; each service gets its own principal with exactly the ACLs
 * {@link #authorise} is given. The client listener is TLS (SASL_SSL, issue 17 item 4) with a certificate of the
 * installation's {@link LocalCertificateAuthority}, which clients verify; the listener settings are set at every start, so a
 * broker of an earlier, plaintext release serves TLS from its next start on. The controller listener, on loopback and
 * used by this one node only, authenticates the node itself with SASL/PLAIN and a secret made at each start, held only
 * in memory; it stays without TLS (docs/attacks.md, "TLS on every hop").
 *
 * <p>It keeps its ports and log directory across {@link #stop()} and {@link #start()}, so a test can take the broker
 * away and bring it back exactly as an outage would. A log directory of the previous release (PLAINTEXT, no
 * authoriser) is upgraded on first start: the broker runs once as it used to, the admin's SCRAM credential is added
 * through the Admin API, and from then on it starts secured.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The node's own principal on the controller listener. */
    private static final String NODE = "kafka-node";
    private static final int SCRAM_ITERATIONS = 4096;
    /**
     * Every client session must authenticate again within this (KIP-368, {@code connections.max.reauth.ms}): the bound on
     * how long a session opened with a password keeps working after {@code ./kidsafe rotate <service> --kafka} changed
     * it (issue 16 item 5). Production sets the same on the Strimzi Kafka (deploy/README.md).
     */
    public static final Duration REAUTHENTICATE_WITHIN = Duration.ofMinutes(1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private final KafkaCredentials admin;
    private final LocalCertificateAuthority authority;
    private final String nodePassword = randomSecret();
    private KafkaRaftServer server;

    private KafkaBroker(Path logDirectory, int port, int controllerPort, KafkaCredentials admin, LocalCertificateAuthority authority) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.admin = admin;
        this.authority = authority;
    }

    /**
     * Formats the log directory on first use (with the admin's SCRAM credential, KIP-900), upgrades a previous
     * release's unsecured one, and starts the broker on the given loopback ports.
     *
     * @param admin     the super user of this installation: topics, principals, ACLs, tests' probes and the dead-letter replay
     * @param authority issues the client listener's certificate; clients trust its CA certificate
     */
    public static KafkaBroker start(Path logDirectory, int port, int controllerPort, KafkaCredentials admin,
                                    LocalCertificateAuthority authority) {
        KafkaBroker broker = new KafkaBroker(logDirectory, port, controllerPort, admin, authority);
        broker.formatOrUpgrade();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kafka client settings that reach this broker as the given principal. */
    public Map<String, Object> clientConfig(KafkaCredentials credentials) {
        Map<String, Object> config = new HashMap<>(credentials.clientConfig(caCertificate()));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Map.copyOf(config);
    }

    /** The CA certificate clients verify the broker against ({@code ssl.truststore.location}, PEM). */
    public Path caCertificate() {
        return authority.certificateFile();
    }

    /** Kafka client settings of the super user, for the platform's own admin work and tests' probes only. */
    public Map<String, Object> adminConfig() {
        return clientConfig(admin);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        server = startServer(securedProperties());
    }

    /** Shuts the broker down cleanly; clients see the same as a broker outage. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /**
     * Makes the broker grant exactly {@code grants}: each principal's SCRAM credential is set (added, or changed to
     * the given password), the ACLs given are created, and every other ACL on the broker is deleted. Returns once the
     * broker enforces them.
     */
    public void authorise(Map<KafkaCredentials, ? extends Collection<AclBinding>> grants) {
        Set<AclBinding> wanted = new HashSet<>();
        grants.values().forEach(wanted::addAll);
        List<UserScramCredentialAlteration> logins = grants.keySet().stream().map(KafkaBroker::scramCredential).toList();
        try (Admin client = Admin.create(adminConfig())) {
            client.alterUserScramCredentials(logins).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Collection<AclBinding> existing = client.describeAcls(AclBindingFilter.ANY).values().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            List<AclBindingFilter> stale = existing.stream().filter(binding -> !wanted.contains(binding)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                client.deleteAcls(stale).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            List<AclBinding> missing = wanted.stream().filter(binding -> !existing.contains(binding)).toList();
            if (!missing.isEmpty()) {
                client.createAcls(missing).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            awaitEnforced(client, grants.keySet(), wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not set the Kafka principals and ACLs", e);
        }
    }

    /**
     * Changes one principal's SCRAM password on a running broker reached with {@code adminConfig} (the super user's
     * client settings with the bootstrap servers), e.g. by {@code ./kidsafe rotate}, from another process than the
     * broker's. New logins with the old password are refused from then on; open sessions at their next re-authentication.
     */
    public static void changePassword(Map<String, Object> adminConfig, KafkaCredentials login) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        try (Admin client = Admin.create(config)) {
            client.alterUserScramCredentials(List.of(scramCredential(login))).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not change the Kafka password of " + login.user(), e);
        }
    }

    private static UserScramCredentialAlteration scramCredential(KafkaCredentials login) {
        return new UserScramCredentialUpsertion(login.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                login.password());
    }

    /**
     * Creates topics that do not exist yet. Consumers that subscribe before a topic exists may wait
     * minutes for their next metadata refresh, and no service may create a topic, so a platform declares
     * its topics up front, as Strimzi KafkaTopics do in production.
     */
    public void createTopics(int partitions, String... topics) {
        try (Admin client = Admin.create(adminConfig())) {
            Set<String> existing = client.listTopics().names().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = Arrays.stream(topics)
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, (short) 1))
                    .toList();
            client.createTopics(missing).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + Arrays.toString(topics), e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The broker applies metadata after the controller commits it: wait until its own answers show every change. */
    private void awaitEnforced(Admin client, Set<KafkaCredentials> principals, Set<AclBinding> wanted)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> users = new HashSet<>(principals.stream().map(KafkaCredentials::user).toList());
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            Set<String> known = new HashSet<>(client.describeUserScramCredentials().users().get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            Set<AclBinding> enforced = new HashSet<>(client.describeAcls(AclBindingFilter.ANY).values().get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            if (known.containsAll(users) && enforced.equals(wanted)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("The broker did not apply the principals and ACLs within " + PATIENCE);
            }
            Pause.of(Duration.ofMillis(50));
        }
    }

    private KafkaRaftServer startServer(Properties properties) {
        useThisClassLoadersSaslServers();
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        starting.startup();
        awaitListening(Duration.ofSeconds(60));
        return starting;
    }

    /** Settings every start shares, secured or not: one node, local replication factors, fast local groups. */
    private Properties commonProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", logDirectory.toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", "1");
        return props;
    }

    /**
     * The previous release's settings: PLAINTEXT everywhere, no authoriser. Used only to format the log directory
     * (no secret in the file it writes) and, once, to upgrade a log directory that release made.
     */
    private Properties previousReleaseProperties() {
        Properties props = commonProperties();
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        return props;
    }

    private Properties securedProperties() {
        Properties props = commonProperties();
        props.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        LocalCertificateAuthority.ServerCertificate certificate = authority.serverCertificate("kafka");
        props.put("listener.name.client.ssl.keystore.type", "PEM");
        props.put("listener.name.client.ssl.keystore.certificate.chain", certificate.certificateChainPem());
        props.put("listener.name.client.ssl.keystore.key", certificate.privateKeyPem());
        // The broker is a client of its own listener (inter-broker requests), and verifies it as any client does.
        props.put("ssl.truststore.type", KafkaCredentials.TRUSTSTORE_TYPE);
        props.put("ssl.truststore.location", caCertificate().toAbsolutePath().toString());
        props.put("inter.broker.listener.name", "CLIENT");
        props.put("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config", admin.jaasConfig());
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + NODE + "\" password=\"" + nodePassword + "\" user_" + NODE + "=\"" + nodePassword + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("connections.max.reauth.ms", Long.toString(REAUTHENTICATE_WITHIN.toMillis()));
        props.put("super.users", "User:" + NODE + ";User:" + admin.user());
        return props;
    }

    private void formatOrUpgrade() {
        try {
            Files.createDirectories(logDirectory);
            Path secured = logDirectory.resolveSibling(logDirectory.getFileName() + ".secured");
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format();
            } else if (!Files.exists(secured)) {
                upgradePreviousRelease();
            }
            Files.writeString(secured, "SASL/SCRAM and ACLs since " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new cluster gets the admin's SCRAM credential in its first metadata (KIP-900), before anyone connects. */
    private void format() throws IOException {
        Path config = logDirectory.resolveSibling(logDirectory.getFileName() + ".properties");
        try (Writer writer = Files.newBufferedWriter(config)) {
            previousReleaseProperties().store(writer, "KidSafe local Kafka (KRaft), for kafka-storage format only");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                        "--ignore-formatted", "--add-scram",
                        KafkaCredentials.MECHANISM + "=[name=" + admin.user() + ",password=" + admin.password() + ",iterations=" + SCRAM_ITERATIONS + "]"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("Kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A previous release's cluster has no SCRAM credential, so nobody could log in to it secured: it runs once more as
     * it did (loopback only, for the seconds this takes), the admin's credential is added through the Admin API, and
     * it is stopped. Its records, offsets and topics are kept.
     */
    private void upgradePreviousRelease() {
        KafkaRaftServer previous = startServer(previousReleaseProperties());
        try (Admin client = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(admin.user(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), admin.password())))
                    .all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Instant deadline = Instant.now().plus(PATIENCE);
            while (!client.describeUserScramCredentials().users().get(PATIENCE.toSeconds(), TimeUnit.SECONDS).contains(admin.user())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("The admin's SCRAM credential was not applied within " + PATIENCE);
                }
                Pause.of(Duration.ofMillis(50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not upgrade the previous release's Kafka in " + logDirectory, e);
        } finally {
            previous.shutdown();
            previous.awaitShutdown();
        }
    }

    /**
     * Kafka registers its SASL servers as JVM-wide security providers, once, from the class loader that first needs
     * them. A broker started from another class loader of the same JVM (a Quarkus test profile restarts the
     * application, and the test infrastructure with it, in a new one) would be handed the first one's SASL servers,
     * whose callbacks its own handlers do not recognise, and would refuse every login. So each start puts this class
     * loader's SASL servers in place; a broker of an earlier class loader then refuses new logins, which in a test
     * JVM is an idle one whose application has stopped. With one class loader (the launcher) nothing changes.
     */
    private static void useThisClassLoadersSaslServers() {
        for (String name : List.of("SASL/SCRAM Server Provider", "Simple SASL/PLAIN Server Provider")) {
            Provider registered = Security.getProvider(name);
            if (registered != null && registered.getClass().getClassLoader() != Admin.class.getClassLoader()) {
                Security.removeProvider(name);
            }
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("Kafka did not listen on " + bootstrapServers() + " within " + timeout);
    }
}
