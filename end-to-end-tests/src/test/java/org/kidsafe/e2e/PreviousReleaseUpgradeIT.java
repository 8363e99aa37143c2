package org.kidsafe.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.model.ConsentView;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.embedded.Directories;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.embedded.keycloak.RealmUpgrade;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.Ports;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.testsupport.Commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 8: an installation of the previous tagged release ({@code -Dkidsafe.upgrade.from}, default
 * {@code v0.1.0}) with a family's data in it upgrades to this release by the documented sequence (deploy/README.md,
 * "Upgrade", locally), and the family's data survives and works: the parent, the child, the consents and the photo;
 * the toy paired as a client {@code toy-<deviceId>} moves to a toy user without re-pairing; the ledger's chain holds;
 * the receipt of an erasure done before the upgrade still verifies, and a new erasure ends in a signed receipt with
 * nothing left. Each migration has its own test from the previous release's rows; this one runs them all, in order, on
 * one real installation. Only with {@code -Pupgrade} (it builds the previous release: minutes).
 */
class PreviousReleaseUpgradeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROJECTION_DELAY = Family.PROJECTION_DELAY;
    private static final String CHAT = "hello from before the upgrade";

    private final Path root = Path.of(System.getProperty("kidsafe.root", "..")).toAbsolutePath().normalize();
    private final Path target = Path.of(System.getProperty("kidsafe.upgrade.work", "target")).toAbsolutePath().normalize();

    /** What the family left in the previous release, to be found again after the upgrade. */
    private record Before(UUID child, String displayName, String deviceId, String toyClientId, String toySecret, UUID photo,
                          byte[] photoContent, UUID chat, UUID erasedChild, UUID erasure, String receipt, long ledgerEntries) {
    }

    @Test
    void anInstallationOfThePreviousReleaseUpgradesWithItsFamilysData() {
        PreviousRelease release = PreviousRelease.build(root, System.getProperty("kidsafe.upgrade.from", "v0.1.0"), target);
        Path data = target.resolve("upgrade-platform");
        Directories.deleteRecursively(data);
        Instant begun = Instant.now();
        Before before;
        try (PreviousRelease.Running previous = release.up(data)) {
            before = familyIn(previous);
        }
        Map<Path, String> previousStore = contents(data.resolve("keycloak").resolve("data").resolve("h2"));
        Instant upgrading = Instant.now();
        Duration firstStart;

        // ./kidsafe up of this release on the same folder: PostgreSQL TLS, Kafka security and topics, Keycloak's store
        // moved to PostgreSQL, the realm upgraded, every service's Flyway migrations, the device pseudonym backfill.
        String head;
        String toyUser = before.toyClientId() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        try (Platform platform = up(data)) {
            firstStart = Duration.between(upgrading, Instant.now());
            ParentJourney journey = journey(platform);
            ApiClient api = new ApiClient(platform.gatewayUrl() + "/api");
            String issuer = platform.keycloak().issuer();
            // A rollback starts the previous release on the folder moved aside: its store must be the one it left.
            assertEquals(previousStore, contents(data.resolve("keycloak-h2").resolve("data").resolve("h2")),
                    "the previous release's Keycloak store is kept unchanged (the export migrated a copy)");
            RealmUpgrade.Outcome realm = platform.realmUpgrade();
            assertTrue(realm != null && !realm.skipped() && !realm.changes().isEmpty(), "the realm was brought to this release: " + realm);
            assertEquals(List.of("client scope kidsafe-toy (still used by 1 client(s))"), realm.kept(),
                    "the previous release's toy scope stays while its toy's client does");

            String alice = journey.signIn(DevRealm.ALICE.username(), DevRealm.ALICE.password());
            assertEquals(List.of(before.child()), journey.children(alice).expect(200).getItems().stream()
                    .map(child -> child.getChildId()).toList(), "the parent sees her child, and not the one she erased");
            assertEquals(Set.of("PROFILE", "PHOTOS", "CHAT"), journey.consents(alice, before.child()).stream()
                    .filter(consent -> consent.getRevokedAt() == null).map(ConsentView::getCategory).map(Object::toString)
                    .collect(Collectors.toSet()), "her consents");
            assertEquals(before.displayName(), journey.profile(alice, before.child()).expect(200).getDisplayName());
            assertEquals(Set.of(before.photo(), before.chat()), Set.copyOf(journey.listMedia(alice, before.child()).stream()
                    .map(MediaItem::getId).toList()), "the photo and the chat message are listed");
            assertArrayEquals(before.photoContent(), content(api, alice, before.child(), before.photo()), "the photo is still readable");
            assertEquals(CHAT, new String(content(api, alice, before.child(), before.chat()), StandardCharsets.UTF_8), "and the message");
            assertEquals(before.erasedChild(), UUID.fromString(journey.verifyReceipt(before.receipt(), before.erasure(), before.erasedChild())
                    .path("childId").asText()), "the receipt signed before the upgrade verifies");

            String officer = Accounts.newOfficer(platform.keycloak());
            JsonNode ledger = Gateway.send(api, "GET", "/v1/ledger/verification", bearer(officer), null).expect(200);
            assertTrue(ledger.path("intact").asBoolean(), "the ledger's chain holds across its migration: " + ledger);
            assertTrue(ledger.path("lastSeq").asLong() >= before.ledgerEntries(), "with every entry of before: " + ledger);
            head = Gateway.send(api, "GET", "/v1/ledger/head", bearer(null), null).expect(200).path("jws").asText();

            // The toy paired as a client: its tokens carry the raw device id, which no service accepts any more.
            String oldToken = KeycloakTokens.clientCredentials(issuer, before.toyClientId(), before.toySecret()).accessToken();
            ApiResponse refused = Gateway.send(api, "POST", "/v1/media", headers(oldToken, "image/png"), Family.png());
            assertEquals(403, refused.status(), "an old toy's token is refused: " + refused.text());

            Map<String, String> admin = Map.of("KIDSAFE_KEYCLOAK_URL", platform.keycloak().baseUrl(),
                    "KIDSAFE_KEYCLOAK_ADMIN", platform.keycloak().adminUsername(),
                    "KIDSAFE_KEYCLOAK_ADMIN_PASSWORD", platform.keycloak().adminPassword(),
                    "KIDSAFE_PSEUDONYMISATION_KEY_FILE", data.resolve("keys/pseudonymisation.key").toString());
            String created = kidsafe(admin, "toys-migrate-create", "toys", "migrate", "--phase=create");
            assertTrue(created.contains("user created for " + before.toyClientId()), created);

            KeycloakTokens.TokenResponse login = KeycloakTokens.toy(issuer, toyUser, before.toySecret());
            assertTrue(login.ok(), "the toy logs in as a user with its old secret: " + login.body());
            JsonNode claims = KeycloakTokens.payload(login.accessToken());
            String pseudonym = new DevicePseudonyms(DevicePseudonyms.read(data.resolve("keys/pseudonymisation.key"))).of(before.deviceId());
            assertEquals(pseudonym, claims.path(KidSafeRealm.CLAIM_DEVICE_ID).asText(), "its token names its pseudonym");
            assertFalse(login.body().toString().contains(before.deviceId()), "and never its raw device id");
            assertEquals(before.child().toString(), claims.path(KidSafeRealm.CLAIM_CHILD_ID).asText());
            MediaItem upload = await().atMost(PROJECTION_DELAY).until(
                    () -> journey.uploadPhoto(login.accessToken(), Family.png(), "image/png"), answer -> answer.status() == 201).body();
            assertEquals(Set.of(before.photo(), before.chat(), upload.getId()), Set.copyOf(journey.listMedia(alice, before.child()).stream()
                    .map(MediaItem::getId).toList()), "the parent sees what the toy sent before and after");

            String finished = kidsafe(admin, "toys-migrate-finish", "toys", "migrate", "--phase=finish");
            assertTrue(finished.contains("client deleted: " + before.toyClientId()), finished);
            assertFalse(KeycloakTokens.clientCredentials(issuer, before.toyClientId(), before.toySecret()).ok(), "the old client is gone");
        }

        // The next ./kidsafe up: its realm upgrade removes the previous release's toy scope, which no client uses any more.
        try (Platform platform = up(data)) {
            RealmUpgrade.Outcome again = platform.realmUpgrade();
            assertEquals(List.of(), again.kept(), "nothing held back any more: " + again);
            assertTrue(again.changes().contains("removed client scope kidsafe-toy"), again.changes().toString());
            ParentJourney journey = journey(platform);
            ApiClient api = new ApiClient(platform.gatewayUrl() + "/api");
            String alice = journey.signIn(DevRealm.ALICE.username(), DevRealm.ALICE.password());
            UUID erasure = journey.deleteChild(alice, before.child());
            ErasureView done = journey.awaitReceipt(alice, erasure, Duration.ofMinutes(3));
            assertEquals(before.child().toString(), journey.verifyReceipt(done.getReceipt(), erasure, before.child()).path("childId").asText());
            for (String route : List.of("/profile", "/media", "/toys", "/consents", "/media/" + before.photo() + "/content")) {
                ApiResponse gone = Gateway.send(api, "GET", "/v1/children/" + before.child() + route, bearer(alice), null);
                assertEquals(404, gone.status(), route + " after the erasure: " + gone.text());
            }
            await().atMost(PROJECTION_DELAY).until(() -> !KeycloakTokens.toy(platform.keycloak().issuer(), toyUser, before.toySecret()).ok());
            JsonNode afterwards = call(api, "POST", "/v1/ledger/verification", Accounts.newOfficer(platform.keycloak()),
                    Map.of("heads", List.of(head))).expect(200);
            assertTrue(afterwards.path("intact").asBoolean() && afterwards.path("headsChecked").asInt() == 1,
                    "the chain still holds, with the head signed right after the upgrade: " + afterwards);
        }
        System.out.printf("%s (%s): its platform and the family's data %d s; the first start of this release on its folder %d s;"
                        + " in all %d s%n", release.ref, release.commit, Duration.between(begun, upgrading).toSeconds(), firstStart.toSeconds(),
                Duration.between(begun, Instant.now()).toSeconds());
    }

    /** This release's {@code ./kidsafe up} on {@code data} (the launcher keeps Keycloak's users: persistent identities). */
    private Platform up(Path data) {
        return new Platform(root, data, Ports.free(), true, 1).start();
    }

    private static ParentJourney journey(Platform platform) {
        return new ParentJourney(platform.gatewayUrl(), platform.keycloak().issuer(), platform.mailbox().webUrl());
    }

    /**
     * Through the previous release's public API, as its app and toy did: Alice verified by email, a child with consents,
     * a profile, a toy paired as a client that uploads a photo and a chat message, and a second child erased, with its
     * receipt. Its officer (who then signed in at the parent app) reads the ledger.
     */
    /** Each file under {@code folder} (relative path) with a digest of its bytes. */
    private static Map<Path, String> contents(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            Map<Path, String> digests = new TreeMap<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                digests.put(folder.relativize(file), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
            assertFalse(digests.isEmpty(), "no Keycloak store in " + folder);
            return digests;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot read " + folder, e);
        }
    }

    private Before familyIn(PreviousRelease.Running previous) {
        ApiClient api = new ApiClient(previous.gatewayUrl + "/api");
        String alice = KeycloakTokens.password(previous.issuer(), KidSafeRealm.PARENT_APP, DevRealm.ALICE.username(), DevRealm.ALICE.password())
                .accessToken();
        JsonNode challenge = call(api, "POST", "/v1/verification/email", alice, Map.of("email", DevRealm.ALICE.username())).expect(202);
        call(api, "POST", "/v1/verification/email/confirmation", alice, Map.of("challengeId", challenge.path("challengeId").asText(),
                "code", ParentJourney.awaitEmailedCode(previous.mailboxUrl, DevRealm.ALICE.username(), Duration.ofSeconds(30)))).expect(200);
        int notice = call(api, "GET", "/v1/notices/current", null, null).expect(200).path("version").asInt();

        UUID child = UUID.fromString(call(api, "POST", "/v1/children", alice, Map.of()).expect(201).path("childId").asText());
        for (String category : List.of("PROFILE", "PHOTOS", "CHAT")) {
            call(api, "POST", "/v1/children/" + child + "/consents", alice, Map.of("category", category, "noticeVersion", notice)).expect(201);
        }
        JsonNode names = call(api, "GET", "/v1/display-names/suggestions?count=3", alice, null).expect(200).path("suggestions");
        String name = names.get(0).asText();
        awaitStatus(200, () -> call(api, "PUT", "/v1/children/" + child + "/profile", alice, profile(name)));

        String code = call(api, "POST", "/v1/children/" + child + "/pairing-codes", alice, Map.of()).expect(201).path("code").asText();
        String deviceId = "upgrade-toy-" + UUID.randomUUID();
        JsonNode credentials = call(api, "POST", "/v1/toys/pairings", null, Map.of("code", code, "deviceId", deviceId)).expect(201);
        String clientId = credentials.path("clientId").asText();
        String secret = credentials.path("clientSecret").asText();
        assertEquals("toy-" + deviceId, clientId, "the previous release pairs a toy as a client of its own");
        String toy = KeycloakTokens.clientCredentials(previous.issuer(), clientId, secret).accessToken();
        UUID photo = UUID.fromString(awaitStatus(201, () -> Gateway.send(api, "POST", "/v1/media", headers(toy, "image/png"), Family.png()))
                .json().path("id").asText());
        UUID chat = UUID.fromString(call(api, "POST", "/v1/chat", toy, Map.of("text", CHAT)).expect(201).path("id").asText());
        byte[] content = content(api, alice, child, photo);

        UUID erased = UUID.fromString(call(api, "POST", "/v1/children", alice, Map.of()).expect(201).path("childId").asText());
        call(api, "POST", "/v1/children/" + erased + "/consents", alice, Map.of("category", "PROFILE", "noticeVersion", notice)).expect(201);
        awaitStatus(200, () -> call(api, "PUT", "/v1/children/" + erased + "/profile", alice, profile(names.get(1).asText())));
        UUID erasure = UUID.fromString(call(api, "DELETE", "/v1/children/" + erased, alice, null).expect(202).path("erasureId").asText());
        String receipt = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> call(api, "GET", "/v1/erasures/" + erasure, alice, null).expect(200), erasureView -> erasureView.hasNonNull("receipt"))
                .path("receipt").asText();

        String carol = KeycloakTokens.password(previous.issuer(), KidSafeRealm.PARENT_APP, DevRealm.CAROL.username(), DevRealm.CAROL.password())
                .accessToken();
        JsonNode ledger = call(api, "GET", "/v1/ledger/verification", carol, null).expect(200);
        assertTrue(ledger.path("intact").asBoolean(), ledger.toString());
        return new Before(child, name, deviceId, clientId, secret, photo, content, chat, erased, erasure, receipt, ledger.path("entriesChecked").asLong());
    }

    private static Map<String, Object> profile(String displayName) {
        return Map.of("displayName", displayName, "ageBand", "AGE_8_10", "avatar", "BEAR", "preferredLanguage", "en-US");
    }

    /** Asks until the answer has {@code status} (a service learns of a change by event), or fails with the last answer. */
    private static ApiResponse awaitStatus(int status, Supplier<ApiResponse> call) {
        Instant deadline = Instant.now().plus(PROJECTION_DELAY);
        ApiResponse answer = call.get();
        while (answer.status() != status && Instant.now().isBefore(deadline)) {
            Pause.of(Duration.ofMillis(500));
            answer = call.get();
        }
        assertEquals(status, answer.status(), answer.text());
        return answer;
    }

    /** {@code ./kidsafe <arguments>} of this release, as an operator runs it, with {@code environment}; its output. */
    private String kidsafe(Map<String, String> environment, String step, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "./kidsafe";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Commands.runOrFail(root, target.resolve("upgrade-" + step + ".log"), environment, Duration.ofMinutes(5), command);
    }

    private static ApiResponse call(ApiClient api, String method, String path, String token, Object json) {
        try {
            return json == null ? Gateway.send(api, method, path, bearer(token), null)
                    : Gateway.send(api, method, path, headers(token, "application/json"), JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] content(ApiClient api, String parent, UUID child, UUID item) {
        ApiResponse content = Gateway.send(api, "GET", "/v1/children/" + child + "/media/" + item + "/content", bearer(parent), null);
        assertEquals(200, content.status(), content.text());
        return content.body();
    }

    private static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> headers(String token, String contentType) {
        Map<String, String> headers = new HashMap<>(bearer(token));
        headers.put("Content-Type", contentType);
        return headers;
    }
}
