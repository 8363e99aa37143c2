package org.kidsafe.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.events.TopicAccess;
import org.kidsafe.launcher.Platform;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.KafkaRefusals.assertRefused;
import static org.kidsafe.launcher.Platform.CONSENT;
import static org.kidsafe.launcher.Platform.GATEWAY;
import static org.kidsafe.launcher.Platform.MEDIA;
import static org.kidsafe.launcher.Platform.PROFILE;

/**
 * Issue 16 item 6: the compromised service, played. For each of consent, profile, media and the gateway the attacker
 * takes exactly what the running process holds, read from /proc ({@link ProcessConfiguration}): its database role,
 * its Kafka SCRAM principal, its Keycloak credential, the key files its settings point to, and a token it received
 * (a parent's own token at the gateway; at a service, that token as the gateway exchanged it for the service). With
 * that, each row of the table in docs/attacks.md section 6 tries to reach another service's data and is refused.
 * Every row first checks what the loot is, where there is something to check (the role opens its own database, the
 * token is accepted where it was issued, the other service's own KEK opens its data keys), so a refusal is never
 * the loot being wrong.
 *
 * <p>On the design before issue 16 the Kafka rows failed (no SASL, no ACLs, one shared erasure topic every service
 * wrote), profile's Keycloak rows failed (the registrar had {@code manage-clients}) and the received-token rows failed
 * (every token carried all four audiences); the database and key-file rows held already and stay as regression guards.
 */
class CompromisedServiceIT {

    private static final List<String> DATA_SERVICES = List.of(CONSENT, PROFILE, MEDIA);
    /**
     * The data-key purposes of the services that encrypt (ProfileDataKeys, MediaDataKeys): a key is wrapped with
     * {@code label + subject id} as associated data (kidsafe-crypto's DataKeyPurpose). The control in
     * {@link #keyFiles} opens the keys with each service's own KEK, which proves these labels right.
     */
    private static final Map<String, String> DATA_KEY_LABELS = Map.of(PROFILE, "child-key:", MEDIA, "kidsafe-media-data-key:");
    private static final Map<String, Loot> LOOT = new ConcurrentHashMap<>();
    private static String parent;

    /** Something of each service to reach: Alice's child with consents, a profile (profile's data key), a toy's photo (media's). */
    @BeforeAll
    static void dataExists() {
        RunningPlatform.get();
        long start = System.nanoTime();
        Family family = Family.withConsents(DevRealm.ALICE, "PROFILE", "PHOTOS").withProfile();
        family.awaitFirstUpload(family.pairToy());
        parent = family.parent;
        System.out.printf("CompromisedServiceIT: data set up in %d s after the platform's start%n", (System.nanoTime() - start) / 1_000_000_000);
    }

    /** The table: breached service | asset it holds → whose data it aims at: what is tried. */
    static Stream<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (String breached : Platform.SERVICES) {
            for (String target : others(breached, DATA_SERVICES)) {
                rows.add(new Row(breached, "database role", target + "'s database", "connect", loot -> database(loot, target)));
            }
            for (String target : others(breached, DATA_SERVICES)) {
                rows.add(new Row(breached, "Kafka principal", target + "'s topics", "read what it does not consume, write any",
                        loot -> kafkaTopics(loot, target)));
            }
            rows.add(new Row(breached, "Kafka principal", "the broker", "create or delete topics, grant ACLs, change SCRAM users",
                    CompromisedServiceIT::kafkaAdministration));
            for (String target : others(breached, Platform.SERVICES)) {
                String audience = Component.named(target).audience();
                rows.add(new Row(breached, "Keycloak credential", target, breached.equals(GATEWAY)
                        ? "get a token for " + audience + " but by exchanging a user's token it is shown"
                        : "mint or exchange a token for " + audience,
                        loot -> keycloakTokens(loot, target)));
            }
            rows.add(new Row(breached, "Keycloak credential", "parents, clients and realm", "read or change them",
                    CompromisedServiceIT::keycloakAdministration));
            for (String target : others(breached, List.of(PROFILE, MEDIA))) {
                rows.add(new Row(breached, "key files", target + "'s data keys and reports",
                        "unwrap its data keys, sign its erasure reports", loot -> keyFiles(loot, target)));
            }
            for (String target : others(breached, Platform.SERVICES)) {
                rows.add(new Row(breached, "received token", target, "call it", loot -> receivedToken(loot, target)));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void whatABreachedServiceHoldsReachesNothingOfTheOthers(Row row) throws Exception {
        row.attack().run(LOOT.computeIfAbsent(row.breached(), CompromisedServiceIT::loot));
    }

    // ---------------------------------------------------------------- database role

    /** The gateway's role too: its own database holds only the rate limits its replicas share (issue 21 item 1). */
    private static void database(Loot loot, String target) throws SQLException {
        String jdbcUrl = loot.configuration.require("QUARKUS_DATASOURCE_JDBC_URL");
        String username = loot.configuration.require("QUARKUS_DATASOURCE_USERNAME");
        String password = loot.configuration.secretFile("database").orElseThrow();
        DriverManager.getConnection(jdbcUrl, username, password).close();
        String otherDatabase = RunningPlatform.get().database(target).jdbcUrl();
        assertThrows(SQLException.class, () -> DriverManager.getConnection(otherDatabase, username, password).close(),
                loot.service + "'s role connects to " + otherDatabase);
    }

    // ---------------------------------------------------------------- Kafka principal

    /** Reads of the target's topics that the breached service does not consume (its dead letters among them), and writes to all. */
    private static void kafkaTopics(Loot loot, String target) throws Exception {
        if (loot.kafka.isEmpty()) {
            assertHoldsNone(loot, "a Kafka principal", "KAFKA_", "kafka.");
            return;
        }
        Map<String, Object> login = loot.kafka.get();
        TopicAccess own = TopicAccess.of(loot.service);
        try (KafkaConsumer<String, String> consumer = consumer(login)) {
            assertFalse(consumer.partitionsFor(own.consumes().get(0), Duration.ofSeconds(15)).isEmpty(),
                    "control: the stolen principal describes a topic its service consumes");
        }
        TopicAccess theirs = TopicAccess.of(target);
        List<String> theirTopics = Stream.concat(theirs.produces().stream(), theirs.deadLetterTopics().stream()).toList();
        try (KafkaProducer<String, String> producer = producer(login)) {
            for (String topic : theirTopics) {
                assertRefused(TopicAuthorizationException.class,
                        () -> producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), "forged")).get());
            }
        }
        for (String topic : theirTopics.stream().filter(topic -> !own.consumes().contains(topic)).toList()) {
            try (KafkaConsumer<String, String> consumer = consumer(login)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                assertRefused(TopicAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
            }
        }
    }

    private static void kafkaAdministration(Loot loot) {
        if (loot.kafka.isEmpty()) {
            assertHoldsNone(loot, "a Kafka principal", "KAFKA_", "kafka.");
            return;
        }
        String other = others(loot.service, DATA_SERVICES).get(0);
        try (Admin admin = Admin.create(loot.kafka.get())) {
            assertRefused(TopicAuthorizationException.class,
                    () -> admin.createTopics(List.of(new NewTopic("kidsafe.attacker.exfiltration", 1, (short) 1))).all().get());
            assertRefused(TopicAuthorizationException.class,
                    () -> admin.deleteTopics(List.of(TopicAccess.of(other).produces().get(0))).all().get());
            assertRefused(ClusterAuthorizationException.class, () -> admin.createAcls(TopicAccess.of(other).aclBindings()).all().get());
            assertRefused(ClusterAuthorizationException.class, () -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                    other, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "chosen-by-the-attacker"))).all().get());
        }
    }

    /**
     * The Kafka client settings the process got (the variables the chart sets too); without any, the broker's address
     * alone, which is all an attacker needed when the broker asked no one who was calling.
     */
    private static Optional<Map<String, Object>> kafkaLogin(ProcessConfiguration configuration) {
        return configuration.property("kafka.bootstrap.servers").map(servers -> {
            Map<String, Object> login = new HashMap<>();
            login.put("bootstrap.servers", servers);
            configuration.environment("KAFKA_SECURITY_PROTOCOL").ifPresent(protocol -> login.put("security.protocol", protocol));
            configuration.environment("KAFKA_SASL_MECHANISM").ifPresent(mechanism -> login.put("sasl.mechanism", mechanism));
            configuration.environment("KAFKA_SASL_JAAS_CONFIG").ifPresent(jaas -> login.put("sasl.jaas.config", jaas));
            configuration.environment("KAFKA_SSL_TRUSTSTORE_TYPE").ifPresent(type -> login.put("ssl.truststore.type", type));
            configuration.environment("KAFKA_SSL_TRUSTSTORE_LOCATION").ifPresent(file -> login.put("ssl.truststore.location", file));
            // The JAAS line names the password's file, which this handler reads at each login (issue 16 item 5).
            configuration.environment("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS")
                    .ifPresent(handler -> login.put("sasl.client.callback.handler.class", handler));
            return login;
        });
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** No consumer group: a group of its own is not the attacker's to choose (and another's is refused, LocalKafkaTest). */
    private static KafkaConsumer<String, String> consumer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    // ---------------------------------------------------------------- Keycloak credential

    /**
     * profile-service's registrar credential and consent-service's parent-accounts credential get no token any component
     * accepts, and exchange nothing. The gateway's
     * credential mints nothing by itself (no service account) and exchanges no token that was not issued through it
     * (the registrar's, another realm's). What it does with a user's token it is shown, or one it obtained for a
     * service, is the residual trust in the gateway (docs/attacks.md sections 2 and 6).
     */
    private static void keycloakTokens(Loot loot, String target) {
        String issuer = RunningPlatform.get().keycloak().issuer();
        Component component = Component.named(target);
        if (loot.keycloak.isEmpty()) {
            assertHoldsNone(loot, "a Keycloak credential", "KEYCLOAK", "secret-files.keycloak", "oidc.credentials");
            return;
        }
        ClientCredential credential = loot.keycloak.get();
        KeycloakTokens.TokenResponse own = KeycloakTokens.clientCredentials(issuer, credential.clientId, credential.secret);
        if (!loot.service.equals(GATEWAY)) {
            String serviceAccount = own.accessToken();
            assertFalse(KeycloakTokens.payload(serviceAccount).path("aud").toString().contains(component.audience()));
            assertUnauthorized(component, serviceAccount, credential.clientId + "'s own token");
            assertFalse(plainExchange(credential, loot.receivedToken, component.audience()).ok(),
                    credential.clientId + " exchanged the token " + loot.service + " received for " + component.audience());
        } else {
            assertFalse(own.ok(), "the gateway's credential alone got a token: " + own.body());
            assertTrue(KeycloakTokens.exchange(issuer, credential.clientId, credential.secret, parent, component.audience()).ok(),
                    "control: the gateway's credential exchanges a parent's own token (the residual trust in the gateway)");
            ClientCredential registrar = LOOT.computeIfAbsent(PROFILE, CompromisedServiceIT::loot).keycloak.orElseThrow();
            Map<String, String> notIssuedToIt = Map.of(
                    "the registrar's token (what a breached profile-service holds)",
                    KeycloakTokens.clientCredentials(issuer, registrar.clientId, registrar.secret).accessToken(),
                    "a master-realm token", Accounts.masterRealmAdmin());
            notIssuedToIt.forEach((what, token) -> assertFalse(
                    KeycloakTokens.exchange(issuer, credential.clientId, credential.secret, token, component.audience()).ok(),
                    "the gateway exchanged " + what + " for " + component.audience()));
        }
    }

    /** RFC 8693 token exchange for an audience, asking for no scope (the registrar has none to ask for, nor has any other audience). */
    private static KeycloakTokens.TokenResponse plainExchange(ClientCredential credential, String subjectToken, String audience) {
        return KeycloakTokens.request(RunningPlatform.get().keycloak().issuer(), Map.of("grant_type", KeycloakTokens.TOKEN_EXCHANGE,
                "client_id", credential.clientId, "client_secret", credential.secret, "subject_token", subjectToken,
                "subject_token_type", KeycloakTokens.ACCESS_TOKEN_TYPE, "requested_token_type", KeycloakTokens.ACCESS_TOKEN_TYPE,
                "audience", audience));
    }

    /**
     * The registrar reads and changes no parent, client or realm setting (its toys' group is ToyRegistrarContainmentTest's);
     * consent-service's parent-accounts client no client or realm setting, but every user (its residual trust).
     */
    private static void keycloakAdministration(Loot loot) {
        String issuer = RunningPlatform.get().keycloak().issuer();
        if (loot.keycloak.isEmpty()) {
            assertHoldsNone(loot, "a Keycloak credential", "KEYCLOAK", "secret-files.keycloak", "oidc.credentials");
            return;
        }
        ClientCredential credential = loot.keycloak.get();
        if (loot.service.equals(GATEWAY)) {
            // Without a service account it has no token for the admin API; nor does a parent's token become one.
            assertFalse(KeycloakTokens.clientCredentials(issuer, credential.clientId, credential.secret).ok());
            for (String audience : List.of("realm-management", KidSafeRealm.DEVICE_REGISTRAR, "admin-cli")) {
                assertFalse(plainExchange(credential, parent, audience).ok(),
                        "the gateway exchanged a parent's token for " + audience);
            }
            return;
        }
        String registrar = KeycloakTokens.clientCredentials(issuer, credential.clientId, credential.secret).accessToken();
        String forged = "toy-forged-" + UUID.randomUUID();
        ApiClient admin = new ApiClient(RunningPlatform.get().keycloak().baseUrl() + "/admin/realms/" + KidSafeRealm.NAME);
        Map<String, ApiResponse> attempts = new LinkedHashMap<>();
        if (loot.service.equals(CONSENT)) {
            // The documented residual trust (docs/attacks.md section 2, deploy/README.md "The parent-accounts client's
            // rights"): manage-users, which deleting a leaving parent's user needs, reads and changes every user of the
            // realm. Shown by reading Alice; her password is left alone, as the later tests sign in with it.
            assertEquals(200, admin.get("/users/" + DevRealm.ALICE.id(), registrar).status(),
                    "control: consent-service's credential reads parents' users (its residual trust)");
        } else {
            attempts.put("read Alice", admin.get("/users/" + DevRealm.ALICE.id(), registrar));
            attempts.put("reset Alice's password", admin.put("/users/" + DevRealm.ALICE.id() + "/reset-password", registrar,
                    Map.of("type", "password", "value", "chosen-by-the-attacker-1", "temporary", false)));
        }
        attempts.put("list clients", admin.get("/clients", registrar));
        attempts.put("create a client", admin.post("/clients", registrar, Map.of("clientId", forged, "serviceAccountsEnabled", true)));
        attempts.put("close sign-up", admin.put("", registrar, Map.of("realm", KidSafeRealm.NAME, "registrationAllowed", false)));
        List<String> allowed = new ArrayList<>();
        attempts.forEach((what, answer) -> {
            if (answer.status() < 300) {
                allowed.add(what + " (" + answer.status() + ")");
            }
        });
        assertTrue(allowed.isEmpty(), credential.clientId + " may " + allowed);
        String master = RunningPlatform.get().keycloak().adminToken();
        assertEquals(0, admin.get("/clients?clientId=" + forged, master).expect(200).size(), "the forged client exists");
        assertTrue(KeycloakTokens.password(issuer, KidSafeRealm.PARENT_APP, DevRealm.ALICE.username(), DevRealm.ALICE.password()).ok(),
                "Alice's password still works");
    }

    // ---------------------------------------------------------------- key files

    /**
     * Every 32-byte key among the breached service's key files is tried on every data key the target has wrapped (as
     * if its database leaked as well); the target's own KEK opens them (control). The breached service's signing key
     * is not among the keys consent-service trusts for the target's erasure reports.
     */
    private static void keyFiles(Loot loot, String target) throws Exception {
        List<WrappedKey> wrapped = wrappedDataKeys(target);
        assertFalse(wrapped.isEmpty(), "control: " + target + " holds wrapped data keys");
        ProcessConfiguration targetProcess = ProcessConfiguration.of(target);
        List<SecretKeySpec> targetKeks = KekDirectory.read(Path.of(targetProcess.property("kidsafe.kek.directory").orElseThrow()))
                .keys().values().stream().map(kek -> new SecretKeySpec(kek.getEncoded(), "AES")).toList();
        assertTrue(wrapped.stream().allMatch(key -> targetKeks.stream().anyMatch(kek -> opens(kek, key, target))),
                "control: " + target + "'s own KEK ring opens its data keys");

        List<String> opened = new ArrayList<>();
        for (Path file : loot.keyFiles) {
            Optional<SecretKeySpec> key = symmetricKey(file);
            if (key.isPresent() && wrapped.stream().anyMatch(data -> opens(key.get(), data, target))) {
                opened.add(file.getFileName().toString());
            }
        }
        assertTrue(opened.isEmpty(), loot.service + "'s key files " + opened + " open " + target + "'s data keys");

        List<String> trusted = trustedReportKeys(target);
        Path ownPublic = RunningPlatform.get().dataDirectory().resolve("keys").resolve(target + ".pub");
        assertTrue(trusted.contains(Files.readString(ownPublic).trim()), "control: consent-service trusts " + target + "'s own key");
        loot.configuration.property("kidsafe.signing.private-key-file").ifPresent(privateKey -> {
            String publicKey = read(Path.of(privateKey.replaceFirst("\\.key$", ".pub")));
            assertFalse(trusted.contains(publicKey), loot.service + "'s signing key is trusted for " + target + "'s erasure reports");
        });
    }

    private record WrappedKey(UUID subject, byte[] wrapped) {
    }

    private static List<WrappedKey> wrappedDataKeys(String service) throws SQLException {
        List<WrappedKey> keys = new ArrayList<>();
        try (Connection connection = RunningPlatform.get().database(service).connect();
             PreparedStatement query = connection.prepareStatement("SELECT subject_id, wrapped_key FROM data_key WHERE destroyed_at IS NULL");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                keys.add(new WrappedKey(rows.getObject(1, UUID.class), rows.getBytes(2)));
            }
        }
        return keys;
    }

    private static boolean opens(SecretKeySpec key, WrappedKey data, String owner) {
        try {
            AesGcm.open(key, data.wrapped, (DATA_KEY_LABELS.get(owner) + data.subject).getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IllegalStateException wrongKey) {
            return false;
        }
    }

    /** A key file holding base64 of 32 bytes (a KEK, the pseudonymisation key), as an AES key; signing keys are not. */
    private static Optional<SecretKeySpec> symmetricKey(Path file) {
        try {
            byte[] bytes = Base64.getDecoder().decode(read(file));
            return bytes.length == AesGcm.KEY_BYTES ? Optional.of(new SecretKeySpec(bytes, "AES")) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The public keys consent-service's process verifies the target's erasure reports with: a file and a directory of retired ones. */
    private static List<String> trustedReportKeys(String target) throws IOException {
        String sources = ProcessConfiguration.of(CONSENT).property("kidsafe.erasure.trusted-keys." + target).orElseThrow();
        List<String> keys = new ArrayList<>();
        for (String source : sources.split(",")) {
            Path path = Path.of(source.trim());
            if (Files.isDirectory(path)) {
                try (Stream<Path> retired = Files.list(path)) {
                    retired.filter(Files::isRegularFile).forEach(file -> keys.add(read(file)));
                }
            } else {
                keys.add(read(path));
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------- received token

    private static void receivedToken(Loot loot, String target) {
        Component own = Component.named(loot.service);
        int atHome = new ApiClient(own.baseUrl()).get(own.path(), loot.receivedToken).status();
        assertTrue(atHome != 401 && atHome < 500, "control: the token is accepted at " + loot.service + ": " + atHome);
        assertUnauthorized(Component.named(target), loot.receivedToken, "the token " + loot.service + " received");
    }

    private static void assertUnauthorized(Component component, String token, String what) {
        ApiResponse answer = new ApiClient(component.baseUrl()).get(component.path(), token);
        assertEquals(401, answer.status(), what + " is accepted at " + component.name() + ": " + answer.text());
    }

    // ---------------------------------------------------------------- the loot

    /** A Keycloak client's id and secret, as a process holds them. */
    private record ClientCredential(String clientId, String secret) {
    }

    /**
     * What one breached process holds. Its Keycloak credential is whichever of the three the platform hands out it has
     * (the registrar's at profile-service, the parent-accounts client's at consent-service, the token-exchange client's
     * at the gateway); its key files are every file
     * its settings name (every file of a directory they name: the KEK ring).
     */
    private record Loot(String service, ProcessConfiguration configuration, Optional<Map<String, Object>> kafka,
                        Optional<ClientCredential> keycloak, List<Path> keyFiles, String receivedToken) {
    }

    private static Loot loot(String service) {
        ProcessConfiguration configuration = ProcessConfiguration.of(service);
        Optional<Map<String, Object>> kafka = kafkaLogin(configuration);
        Optional<ClientCredential> keycloak = configuration.secretFile("keycloak-client").map(secret -> new ClientCredential(
                configuration.property("kidsafe.keycloak.registrar-client-id")
                        .or(() -> configuration.property("kidsafe.parent-accounts.client-id"))
                        .orElse(service.equals(CONSENT) ? KidSafeRealm.PARENT_ACCOUNTS : KidSafeRealm.GATEWAY), secret));
        List<Path> keyFiles = configuration.entries().stream().filter(entry -> entry.startsWith("-D") && entry.contains("="))
                .flatMap(entry -> Stream.of(entry.substring(entry.indexOf('=') + 1).split(",")))
                .map(String::trim).filter(value -> value.startsWith("/")).map(Path::of)
                .flatMap(CompromisedServiceIT::filesOf).filter(Files::isRegularFile).toList();
        return new Loot(service, configuration, kafka, keycloak, keyFiles, receivedBy(service));
    }

    /** A named file, or every file of a named directory (a KEK ring). */
    private static Stream<Path> filesOf(Path named) {
        if (!Files.isDirectory(named)) {
            return Stream.of(named);
        }
        try (Stream<Path> files = Files.list(named)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token the component received for Alice: her own at the gateway, the one the gateway exchanged for a service. */
    private static String receivedBy(String component) {
        return component.equals(GATEWAY) ? parent : Accounts.forService(parent, Component.named(component).audience());
    }

    /** The process was given nothing of the kind: no setting whose name or value says so. */
    private static boolean contains(Path file, String secret) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains(secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertHoldsNone(Loot loot, String what, String... markers) {
        List<String> found = loot.configuration.entries().stream().filter(entry -> {
            String name = entry.startsWith("-D") || !entry.contains("=") ? entry : entry.substring(0, entry.indexOf('='));
            return Stream.of(markers).anyMatch(marker -> name.toLowerCase().contains(marker.toLowerCase()));
        }).map(entry -> entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry).toList();
        assertTrue(found.isEmpty(), loot.service + " holds " + what + " after all: " + found);
        for (String service : List.of(PROFILE, GATEWAY)) {
            if (!service.equals(loot.service)) {
                LOOT.computeIfAbsent(service, CompromisedServiceIT::loot).keycloak.ifPresent(credential ->
                        assertFalse(loot.configuration.entries().stream().anyMatch(entry -> entry.contains(credential.secret))
                                        || loot.keyFiles.stream().anyMatch(file -> contains(file, credential.secret)),
                                loot.service + " holds " + service + "'s Keycloak secret"));
            }
        }
    }

    private static List<String> others(String breached, List<String> components) {
        return components.stream().filter(component -> !component.equals(breached)).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Attack {
        void run(Loot loot) throws Exception;
    }

    /** One row of the table in docs/attacks.md; its name is what the test report shows. */
    record Row(String breached, String asset, String target, String attempt, Attack attack) {
        @Override
        public String toString() {
            return breached + " | " + asset + " → " + target + ": " + attempt + " → refused";
        }
    }
}
