package org.kidsafe.launcher.toys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.crypto.pseudonym.DevicePseudonyms;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code ./kidsafe toys migrate --phase=create|finish [--all]}: moves toys paired before toy users (one Keycloak
 * client {@code toy-<deviceId>} each) to users of {@code /toys} without re-pairing (docs/design/toy-identity.md,
 * section 8; issue 21 item 4). Run once by an operator with a realm-admin credential: the registrar can no longer
 * read clients.
 *
 * <ul>
 *   <li>{@code create}: for each client whose id starts with {@code toy-} (exact prefix on the returned client id,
 *       since Keycloak's search also matches {@code kidsafe-toy}), reads its hardcoded {@code child_id} and
 *       {@code device_id} and its secret, and creates the user {@code toy-<deviceId>@toys.invalid} in
 *       {@code /toys} with {@code child_id}, {@code device_pseudonym} = HMAC of the device id under the
 *       deployment's key, and the client's secret as password. The client stays. Idempotent: an existing user is
 *       left alone. profile-service withdraws such a user by this username when the toy is unpaired or erased.</li>
 *   <li>{@code finish}: deletes each {@code toy-*} client whose user has logged in through {@code kidsafe-toy}
 *       (it holds an offline session there), or every one with {@code --all} (after the announced date).</li>
 * </ul>
 * The toy keeps its secret; its firmware switches from the client-credentials grant to the password grant on
 * {@code kidsafe-toy} with the username above.
 */
public final class ToyMigration {

    /** What one phase did, for the operator. */
    public record Report(List<String> done, List<String> skipped) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEGACY_PREFIX = "toy-";

    private final String admin;
    private final Supplier<String> adminToken;
    private final DevicePseudonyms pseudonyms;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ToyMigration(String keycloakUrl, String realm, Supplier<String> adminToken, DevicePseudonyms pseudonyms) {
        this.admin = keycloakUrl.replaceAll("/+$", "") + "/admin/realms/" + encode(realm);
        this.adminToken = adminToken;
        this.pseudonyms = pseudonyms;
    }

    /** The username a migrated toy gets; profile-service uses the same rule for toys paired before toy users. */
    public static String migratedUsername(String legacyClientId) {
        return legacyClientId + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
    }

    /** Phase 1: a user for every legacy toy client, with the client's secret as password. */
    public Report create() {
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode client : legacyClients()) {
            String clientId = client.path("clientId").asText();
            String username = migratedUsername(clientId);
            if (userId(username).isPresent()) {
                skipped.add(clientId + " (user exists)");
                continue;
            }
            Optional<String> childId = hardcodedClaim(client, KidSafeRealm.CLAIM_CHILD_ID);
            Optional<String> deviceId = hardcodedClaim(client, KidSafeRealm.CLAIM_DEVICE_ID);
            if (childId.isEmpty() || deviceId.isEmpty()) {
                skipped.add(clientId + " (no child_id or device_id mapper)");
                continue;
            }
            String secret = json(send("GET", "/clients/" + client.path("id").asText() + "/client-secret", null), 200).path("value").asText();
            HttpResponse<String> created = send("POST", "/users", Map.of(
                    "username", username, "email", username, "emailVerified", true, "enabled", true,
                    "groups", List.of(KidSafeRealm.TOYS_GROUP),
                    "attributes", Map.of(KidSafeRealm.ATTRIBUTE_CHILD_ID, List.of(childId.get()),
                            KidSafeRealm.ATTRIBUTE_DEVICE_PSEUDONYM, List.of(pseudonyms.of(deviceId.get()))),
                    "credentials", List.of(Map.of("type", "password", "value", secret, "temporary", false))));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("Keycloak refused the user for " + clientId + ": HTTP " + created.statusCode() + " " + created.body());
            }
            done.add(clientId);
        }
        return new Report(done, skipped);
    }

    /** Phase 2: delete the legacy clients whose toy has moved (an offline session on kidsafe-toy), or all of them. */
    public Report finish(boolean all) {
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String toyClient = json(send("GET", "/clients?clientId=" + encode(KidSafeRealm.TOY_CLIENT), null), 200).get(0).path("id").asText();
        for (JsonNode client : legacyClients()) {
            String clientId = client.path("clientId").asText();
            Optional<String> user = userId(migratedUsername(clientId));
            boolean moved = user.isPresent()
                    && !json(send("GET", "/users/" + user.get() + "/offline-sessions/" + toyClient, null), 200).isEmpty();
            if (!all && !moved) {
                skipped.add(clientId + (user.isPresent() ? " (its toy has not logged in as a user yet)" : " (no user: run --phase=create)"));
                continue;
            }
            HttpResponse<String> deleted = send("DELETE", "/clients/" + client.path("id").asText(), null);
            if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
                throw new IllegalStateException("Keycloak refused to delete " + clientId + ": HTTP " + deleted.statusCode());
            }
            done.add(clientId);
        }
        return new Report(done, skipped);
    }

    private List<JsonNode> legacyClients() {
        List<JsonNode> clients = new ArrayList<>();
        for (int first = 0; ; first += 100) {
            JsonNode page = json(send("GET", "/clients?search=true&clientId=" + LEGACY_PREFIX + "&first=" + first + "&max=100", null), 200);
            page.forEach(client -> {
                if (client.path("clientId").asText().startsWith(LEGACY_PREFIX)) {
                    clients.add(client);
                }
            });
            if (page.size() < 100) {
                return clients;
            }
        }
    }

    private static Optional<String> hardcodedClaim(JsonNode client, String claim) {
        for (JsonNode mapper : client.path("protocolMappers")) {
            if ("oidc-hardcoded-claim-mapper".equals(mapper.path("protocolMapper").asText())
                    && claim.equals(mapper.path("config").path("claim.name").asText())) {
                return Optional.of(mapper.path("config").path("claim.value").asText());
            }
        }
        return Optional.empty();
    }

    private Optional<String> userId(String username) {
        for (JsonNode user : json(send("GET", "/users?exact=true&briefRepresentation=true&username=" + encode(username), null), 200)) {
            if (username.equalsIgnoreCase(user.path("username").asText())) {
                return Optional.of(user.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken.get()).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak unreachable at " + admin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak answered HTTP " + response.statusCode() + " to " + response.request().uri().getPath());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * {@code ToyMigration <--phase=create|finish> [--all]}, configured by the environment: {@code KIDSAFE_KEYCLOAK_URL}
     * (default the local platform's), {@code KIDSAFE_KEYCLOAK_REALM} ({@code kidsafe}), a master-realm administrator
     * {@code KIDSAFE_KEYCLOAK_ADMIN} / {@code KIDSAFE_KEYCLOAK_ADMIN_PASSWORD}, and the deployment's key
     * {@code KIDSAFE_PSEUDONYMISATION_KEY_FILE} (default {@code .kidsafe/keys/pseudonymisation.key}).
     */
    public static void main(String[] args) {
        String phase = List.of(args).stream().filter(arg -> arg.startsWith("--phase=")).map(arg -> arg.substring(8)).findFirst().orElse("");
        boolean all = List.of(args).contains("--all");
        String url = env("KIDSAFE_KEYCLOAK_URL", "http://127.0.0.1:8180");
        String user = env("KIDSAFE_KEYCLOAK_ADMIN", "");
        String password = env("KIDSAFE_KEYCLOAK_ADMIN_PASSWORD", "");
        if (!List.of("create", "finish").contains(phase) || user.isEmpty() || password.isEmpty()) {
            System.err.println("usage: KIDSAFE_KEYCLOAK_ADMIN=... KIDSAFE_KEYCLOAK_ADMIN_PASSWORD=... ./kidsafe toys migrate --phase=create|finish [--all]");
            System.exit(2);
        }
        DevicePseudonyms pseudonyms = new DevicePseudonyms(DevicePseudonyms.read(
                Path.of(env("KIDSAFE_PSEUDONYMISATION_KEY_FILE", ".kidsafe/keys/pseudonymisation.key"))));
        Supplier<String> token = KeycloakTokens.masterAdmin(url, user, password);
        ToyMigration migration = new ToyMigration(url, env("KIDSAFE_KEYCLOAK_REALM", KidSafeRealm.NAME), token, pseudonyms);
        Report report = phase.equals("create") ? migration.create() : migration.finish(all);
        report.done().forEach(client -> System.out.println((phase.equals("create") ? "user created for " : "client deleted: ") + client));
        report.skipped().forEach(client -> System.out.println("skipped " + client));
        System.out.printf("%d done, %d skipped%n", report.done().size(), report.skipped().size());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
