package org.kidsafe.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kidsafe.crypto.datakey.DataKeyTableRewrite;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.testsupport.DatabaseFiles;

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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A breach of one service, as an attacker would have it: its configuration exactly as the running
 * process got it (command line and environment, read from /proc; the key files it points to are not
 * part of the loot) and a dump of every table its own database role can read. From that, nothing of
 * another service, no plaintext photo or chat, no usable data key, and no parent's e-mail outside
 * consent-service.
 */
class BlastRadiusIT {

    private static final List<String> DATABASE_SERVICES = List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA);
    /**
     * Every table the role may read, rendered by PostgreSQL itself (identifiers quoted with %I, no SQL
     * built here); bytea comes out as hex so byte patterns can be searched.
     */
    private static final String DUMP = """
            SELECT table_schema, table_name,
                   query_to_xml(format('SELECT * FROM %I.%I', table_schema, table_name), true, false, '')::text
              FROM information_schema.tables
             WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
               AND has_table_privilege(format('%I.%I', table_schema, table_name), 'SELECT')
             ORDER BY 1, 2""";

    private static Victim victim;

    @BeforeAll
    static void dataExists() {
        victim = Victim.get();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Platform.CONSENT, Platform.PROFILE, Platform.MEDIA})
    void oneServiceBreachedRevealsNothingBeyondItself(String breached) throws Exception {
        Loot loot = Loot.of(breached);
        List<String> found = new ArrayList<>();

        secretsOutsideTheService(breached).forEach((what, secret) -> {
            if (loot.contains(secret)) {
                found.add(what);
            }
        });
        if (!breached.equals(Platform.CONSENT) && loot.contains(DevRealm.ALICE.username())) {
            found.add("a parent's e-mail address");
        }
        if (!breached.equals(Platform.PROFILE) && loot.contains(victim.displayName)) {
            found.add("the child's display name (profile-service's data)");
        }
        if (breached.equals(Platform.CONSENT) && loot.contains(victim.toyDevice)) {
            found.add("a toy's device id (profile-service's data)");
        }
        for (String chat : List.of(victim.toyChatText, victim.parentChatText)) {
            if (loot.contains(chat) || loot.contains(HexFormat.of().formatHex(chat.getBytes(StandardCharsets.UTF_8)))) {
                found.add("chat text in plaintext");
            }
        }
        String photoPixels = HexFormat.of().formatHex(idatOf(victim.photoBytes));
        if (loot.contains(photoPixels)) {
            found.add("the photo's pixels in plaintext");
        }
        assertTrue(found.isEmpty(), "A breach of " + breached + " reveals: " + found);

        if (breached.equals(Platform.CONSENT)) {
            assertTrue(loot.contains(DevRealm.ALICE.username()), "control: the dump must hold what the service itself keeps (the e-mail)");
        }
        if (breached.equals(Platform.MEDIA)) {
            assertTrue(loot.dump().contains(victim.photo.toString()), "control: the dump must hold the media rows");
            assertFalse(blobsHold(victim.photoBytes), "a blob file holds the photo in plaintext");
        }
        System.out.printf("Blast radius of %s: %d tables, %d characters of dump, %d configuration entries%n",
                breached, loot.tables(), loot.dump().length(), loot.configuration().size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Platform.CONSENT, Platform.PROFILE, Platform.MEDIA})
    void theServicesRoleReachesNoOtherDatabase(String breached) throws Exception {
        Loot loot = Loot.of(breached);
        for (String other : DATABASE_SERVICES) {
            if (other.equals(breached)) {
                continue;
            }
            String otherDatabase = RunningPlatform.get().database(other).jdbcUrl();
            assertThrows(SQLException.class, () -> DriverManager.getConnection(otherDatabase, loot.username(), loot.password()).close(),
                    breached + "'s role connects to " + otherDatabase);
        }
        try (Connection connection = loot.connect(); Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT rolpassword FROM pg_authid").close(),
                    breached + "'s role reads other roles' password hashes");
        }
    }

    /** Wrapped data keys are not keys: no 32-byte run of one opens a chat message (they would if stored unwrapped). */
    @Test
    void wrappedDataKeysAreUselessWithoutTheKeyEncryptionKey() throws Exception {
        Loot loot = Loot.of(Platform.MEDIA);
        try (Connection connection = loot.connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT k.wrapped_key, m.id, m.chat_ciphertext FROM data_key k JOIN media_item m ON m.child_id = k.subject_id
                      WHERE k.subject_id = ? AND m.chat_ciphertext IS NOT NULL""")) {
            query.setObject(1, victim.child);
            int tried = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byte[] wrapped = rows.getBytes(1);
                    byte[] sealed = rows.getBytes(3);
                    byte[] itemId = AesGcm.idBytes(rows.getObject(2, UUID.class));
                    for (int start = 0; start + AesGcm.KEY_BYTES <= wrapped.length; start++) {
                        tried++;
                        SecretKeySpec candidate = new SecretKeySpec(wrapped, start, AesGcm.KEY_BYTES, "AES");
                        try {
                            AesGcm.open(candidate, sealed, itemId);
                            fail("A chat message opened with bytes of the wrapped key at offset " + start);
                        } catch (RuntimeException expected) {
                            // The authentication tag does not match: the wrapped key is not the data key.
                        }
                    }
                }
            }
            assertTrue(tried > 0, "control: Alice's child has chat messages and a wrapped key in media-service's database");
        }
    }

    /**
     * Issue 18, "Done when": a child erased with everything a child can have (a profile, a paired toy, a photo, chat both
     * ways) leaves none of its content in any file of the platform's data folder, whoever copies it: PostgreSQL's files
     * and WAL (the services' server and Keycloak's own), Kafka's logs, the blob store, the logs. After the data-key
     * tables are rewritten (what {@code DataKeyTableRewriteJob} runs daily, triggered here at once) and a checkpoint,
     * the child's destroyed wrapped keys are in no heap file either. WAL is not searched for them: it holds them until
     * its segments are recycled or, archived, until the KEK that wrapped them is retired (T2, docs/retention-policy.md).
     */
    @Test
    void afterAnErasureNoFileOfTheDataFolderHoldsTheChildsContentNorItsDestroyedKeys() throws Exception {
        ParentJourney journey = Accounts.journey();
        String alice = Accounts.alice();
        // Alice was verified by the Victim set-up: her new child only needs the consents.
        UUID child = journey.registerChild(alice);
        int notice = journey.currentNotice().getVersion();
        for (String category : List.of("PROFILE", "PHOTOS", "CHAT")) {
            journey.grant(alice, child, category, notice).expect(201);
        }
        String displayName = "SilentOtter" + Victim.letters();
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.putProfile(alice, child, displayName).status() == 200);
        Victim.Toy toy = Victim.pair(journey, alice, child, "erased-toy-" + UUID.randomUUID());
        byte[] photo = Victim.png();
        await().atMost(Duration.ofSeconds(60)).until(() -> journey.uploadPhoto(toy.token(), photo, "image/png").status() == 201);
        String toyChat = "toyerased" + Victim.letters();
        journey.sendChatFromToy(toy.token(), toyChat).expect(201);
        String parentChat = "parenterased" + Victim.letters();
        journey.sendChatToToy(alice, child, parentChat).expect(201);
        Map<String, byte[]> wrappedKeys = new LinkedHashMap<>();
        for (String service : List.of(Platform.PROFILE, Platform.MEDIA)) {
            wrappedKeys.put(service + "'s wrapped data key", wrappedKeyOf(service, child));
        }

        UUID erasure = journey.deleteChild(alice, child);
        journey.awaitReceipt(alice, erasure, Duration.ofMinutes(2));
        for (String service : List.of(Platform.PROFILE, Platform.MEDIA)) {
            try (Connection connection = serviceConnection(service)) {
                // Tombstones stay (the erasure is seconds old): only the rewrite is triggered, as the daily job would run it.
                assertTrue(DataKeyTableRewrite.rewrite(connection, Instant.now().minus(Duration.ofDays(14))), service + "'s data_key was rewritten");
            }
        }
        DatabaseFiles.checkpoint(RunningPlatform.get().postgres());

        Path data = RunningPlatform.get().dataDirectory();
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("the display name", displayName.getBytes(StandardCharsets.UTF_8));
        content.put("the toy's chat text", toyChat.getBytes(StandardCharsets.UTF_8));
        content.put("the parent's chat text", parentChat.getBytes(StandardCharsets.UTF_8));
        content.put("the photo's pixels", idatOf(photo));
        List<String> found = new ArrayList<>();
        DatabaseFiles.search(data, content).forEach(hit -> found.add(hit.what() + " in " + data.relativize(hit.file())));
        DatabaseFiles.search(data.resolve("postgres").resolve("base"), wrappedKeys).forEach(hit -> found.add(hit.what() + " in " + data.relativize(hit.file())));
        assertTrue(found.isEmpty(), "After the erasure the data folder still holds: " + found);
        assertFalse(DatabaseFiles.filesHolding(data.resolve("keycloak-postgres"), DevRealm.ALICE.username().getBytes(StandardCharsets.UTF_8)).isEmpty(),
                "control: the scan reads Keycloak's database files, which hold the parent's user name");
    }

    private static byte[] wrappedKeyOf(String service, UUID child) throws SQLException {
        try (Connection connection = serviceConnection(service);
             PreparedStatement query = connection.prepareStatement("SELECT wrapped_key FROM data_key WHERE subject_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "control: " + service + " holds a key for the child");
                return row.getBytes(1);
            }
        }
    }

    /** A connection as the service's own role, with the password its process reads (it may have been rotated). */
    private static Connection serviceConnection(String service) throws SQLException {
        ProcessConfiguration process = ProcessConfiguration.of(service);
        return DriverManager.getConnection(process.require("QUARKUS_DATASOURCE_JDBC_URL"), process.require("QUARKUS_DATASOURCE_USERNAME"),
                process.secretFile("database").orElseThrow());
    }

    /**
     * What only other parts of the platform hold: their database passwords, every key file's content (other services'
     * Kafka passwords and the Kafka admin's among them), Keycloak's secrets.
     */
    private static Map<String, String> secretsOutsideTheService(String breached) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String other : DATABASE_SERVICES) {
            if (!other.equals(breached)) {
                secrets.put(other + "'s database password", RunningPlatform.get().database(other).password());
            }
        }
        Path keys = RunningPlatform.get().dataDirectory().resolve("keys");
        try (Stream<Path> files = Files.list(keys)) {
            // The <service>.retired/ directories hold public keys only.
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                // Its own Kafka password is in the breached process's environment by design; another service's, or the
                // Kafka admin's, must not be (issue 16: one principal per service).
                boolean ownPublicOrPassword = name.endsWith(".pub") || name.startsWith("db-")
                        || name.equals("kafka-" + breached + ".secret");
                if (!ownPublicOrPassword) {
                    secrets.put("key file " + name, distinctivePart(Files.readString(file)));
                }
            }
        }
        if (!breached.equals(Platform.PROFILE)) {
            secrets.put("the device registrar's client secret", RunningPlatform.get().keycloakClientSecret(Platform.PROFILE));
        }
        return secrets;
    }

    /** The middle of a key file's base64, which appears wherever the key does. */
    private static String distinctivePart(String keyFile) {
        String base64 = keyFile.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return base64.length() <= 40 ? base64 : base64.substring(base64.length() / 2 - 20, base64.length() / 2 + 20);
    }

    private static boolean blobsHold(byte[] image) throws IOException {
        String pixels = HexFormat.of().formatHex(idatOf(image));
        Path store = RunningPlatform.get().dataDirectory().resolve("media");
        try (Stream<Path> files = Files.walk(store)) {
            List<Path> blobs = files.filter(Files::isRegularFile).toList();
            assertFalse(blobs.isEmpty(), "control: media-service's blob store " + store + " holds the uploaded media");
            for (Path file : blobs) {
                if (HexFormat.of().formatHex(Files.readAllBytes(file)).contains(pixels)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The compressed pixel data of a PNG: what any stored copy of the image must contain. */
    private static byte[] idatOf(byte[] png) {
        for (int offset = 8; offset + 8 <= png.length; ) {
            int length = ((png[offset] & 0xff) << 24) | ((png[offset + 1] & 0xff) << 16) | ((png[offset + 2] & 0xff) << 8) | (png[offset + 3] & 0xff);
            String type = new String(png, offset + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                return java.util.Arrays.copyOfRange(png, offset + 8, offset + 8 + length);
            }
            offset += 12 + length;
        }
        throw new IllegalArgumentException("No IDAT chunk");
    }

    /** One breached service: its process's configuration and its database, read with its own role. */
    record Loot(List<String> configuration, String jdbcUrl, String username, String password, String dump, int tables) {

        static Loot of(String service) {
            ProcessConfiguration process = ProcessConfiguration.of(service);
            List<String> configuration = process.entries();
            String jdbcUrl = process.require("QUARKUS_DATASOURCE_JDBC_URL");
            String username = process.require("QUARKUS_DATASOURCE_USERNAME");
            // The password is not in the process's configuration, only the file it reads it from (issue 16 item 5).
            String password = process.secretFile("database").orElseThrow();
            StringBuilder dump = new StringBuilder();
            int tables = 0;
            try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("SET xmlbinary TO hex");
                try (ResultSet rows = statement.executeQuery(DUMP)) {
                    while (rows.next()) {
                        tables++;
                        dump.append("-- ").append(rows.getString(1)).append('.').append(rows.getString(2)).append('\n').append(rows.getString(3));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not dump " + service + "'s database with its own role", e);
            }
            Loot loot = new Loot(List.copyOf(configuration), jdbcUrl, username, password, dump.toString(), tables);
            loot.keepForTheRecord(service);
            return loot;
        }

        boolean contains(String secret) {
            String lower = secret.toLowerCase();
            return dump.toLowerCase().contains(lower) || configuration.stream().anyMatch(entry -> entry.toLowerCase().contains(lower));
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }

        private void keepForTheRecord(String service) {
            try {
                Path directory = Path.of("target", "blast-radius");
                Files.createDirectories(directory);
                Files.writeString(directory.resolve(service + "-dump.xml"), dump);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
