package org.kidsafe.launcher.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kidsafe erasures replay --since <ISO-8601 instant>}: after a service's database was restored from a backup,
 * asks consent-service to announce again every erasure requested since the backup, so each service erases again what
 * the restore brought back (issue 18 item 1). It logs in to Keycloak as the client {@value KidSafeRealm#ERASURE_OPERATOR}
 * (client credentials; its token names consent-service alone and carries the one role {@value KidSafeRealm#ROLE_ERASURE_OPERATOR})
 * and calls consent-service's {@value #PATH}: it never touches a service's database, Kafka or keys. The same code runs
 * in the end-to-end test ({@code ErasureReplayIT}); in Kubernetes it reaches consent-service through
 * {@code kubectl port-forward} (deploy/README.md, "Restoring a backup").
 */
public final class ErasureReplay {

    /** consent-service's operator-only endpoint; the gateway routes nothing there. */
    public static final String PATH = "/v1/admin/erasure-replays";
    /** A replay of days of erasures commits page after page on the server: far longer than an API call may take. */
    private static final Duration ANSWER_WITHIN = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErasureReplay() {
    }

    /**
     * Replays every erasure requested since {@code since}; answers consent-service's account of it ({@code replayId},
     * {@code since}, {@code until}, {@code erasures}, {@code erasureIds}).
     *
     * @param issuer     the kidsafe realm's issuer URL, e.g. {@code http://127.0.0.1:8180/realms/kidsafe}
     * @param secret     the secret of {@value KidSafeRealm#ERASURE_OPERATOR}
     * @param consentUrl consent-service's own URL (not the gateway's)
     */
    public static JsonNode replay(String issuer, String secret, String consentUrl, Instant since) {
        String token = KeycloakTokens.clientCredentials(issuer, KidSafeRealm.ERASURE_OPERATOR, secret).accessToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(consentUrl.replaceAll("/+$", "") + PATH)).timeout(ANSWER_WITHIN)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("since", since.toString()).toString()))
                .build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("consent-service answered HTTP " + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("consent-service unreachable at " + consentUrl + " (the replay may still be running there;"
                    + " running the command again is safe)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        Instant since = null;
        try {
            since = Instant.parse(options.getOrDefault("--since", ""));
        } catch (DateTimeParseException e) {
            usage("--since needs an ISO-8601 instant, e.g. 2026-12-06T02:00:00Z (when the restored backup was taken)");
        }
        String issuer = options.get("--keycloak").replaceAll("/+$", "") + "/realms/" + KidSafeRealm.NAME;
        JsonNode replayed = replay(issuer, secret(Path.of(options.get("--secret-file"))), options.get("--consent"), since);
        System.out.printf("Replay %s: %d erasure(s) requested from %s to %s announced again; every service erases them again.%n",
                replayed.path("replayId").asText(), replayed.path("erasures").asInt(), replayed.path("since").asText(),
                replayed.path("until").asText());
        replayed.path("erasureIds").forEach(id -> System.out.println("  " + id.asText()));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.keySet().containsAll(List.of("--since", "--keycloak", "--consent", "--secret-file"))) {
            usage("expected --since <instant> (the script adds --keycloak, --consent and --secret-file)");
        }
        return options;
    }

    private static String secret(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the erasure operator's secret from " + file
                    + " (set KIDSAFE_ERASURE_OPERATOR_SECRET_FILE)", e);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ./kidsafe erasures replay --since <ISO-8601 instant>");
        System.exit(2);
    }
}
