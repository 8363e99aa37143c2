package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * (5) What one consent check costs, local against remote (issue 22 item 2; goal: remote / local >= 10x at p50 and p99).
 *
 * <p>Local: media-service's own {@code ConsentGate} decision, timed inside the service by its production timer
 * {@code kidsafe.consent.gate} (Hibernate session, the projection's primary-key read), read from the management port's
 * {@code /q/metrics}. It is driven by the cheapest media-service request that passes the gate: a parent's chat message to
 * the child's toy ({@code POST /v1/children/{id}/chat}, straight to media-service, one decision per request). Remote:
 * the synchronous alternative, {@code GET /v1/children/{id}/consents} on consent-service (token checked, one query,
 * JSON parsed), over a kept-alive HTTP/1.1 connection, timed by the harness. One caller, the two alternating call by
 * call (local, remote, local, ...).
 *
 * <p>Which decisions are the benchmark's: the timer's cumulative histogram is scraped before and after every round, and
 * the difference must hold exactly one decision per chat request of the round; anything else (another caller of the
 * gate) fails the run instead of mixing foreign samples in.
 */
final class ConsentGatingBenchmark {

    private static final String NAME = "consent-gating";
    static final String GATE_HISTOGRAM = "kidsafe_consent_gate_seconds";
    private static final int ROUNDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final Supplier<String> parentToken;
    private final int noticeVersion;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    ConsentGatingBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, Supplier<String> parentToken,
                           int noticeVersion) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.parentToken = parentToken;
        this.noticeVersion = noticeVersion;
    }

    void run() throws Exception {
        UUID child = journey.registerChild(parentToken.get());
        journey.grant(parentToken.get(), child, "CHAT", noticeVersion).expect(201);
        Supplier<String> mediaToken = new ExchangedToken(parentToken, platform, KidSafeRealm.MEDIA);
        Supplier<String> consentToken = new ExchangedToken(parentToken, platform, KidSafeRealm.CONSENT);
        URI chat = URI.create(platform.service(Platform.MEDIA).baseUrl() + "/v1/children/" + child + "/chat");
        URI consents = URI.create(platform.service(Platform.CONSENT).baseUrl() + "/v1/children/" + child + "/consents");
        URI metrics = URI.create(platform.service(Platform.MEDIA).managementUrl() + "/q/metrics");
        awaitProjection(chat, mediaToken);

        int perRound = Math.max(1, settings.consentChecks() / ROUNDS);
        for (int i = 0; i < settings.consentChecks(); i++) {
            gatedRequest(chat, mediaToken.get());
            remoteCheck(consents, consentToken.get());
        }
        PrometheusHistogram local = null;
        List<Long> remote = new ArrayList<>();
        List<Long> requests = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            PrometheusHistogram before = scrape(metrics);
            long[] remoteNanos = new long[perRound];
            long[] requestNanos = new long[perRound];
            for (int i = 0; i < perRound; i++) {
                requestNanos[i] = gatedRequest(chat, mediaToken.get());
                remoteNanos[i] = remoteCheck(consents, consentToken.get());
            }
            PrometheusHistogram decisions = scrape(metrics).minus(before);
            if (decisions.count() != perRound) {
                throw new IllegalStateException("media-service's gate decided " + decisions.count() + " times during a round of " + perRound
                        + " chat requests: another caller of the gate would mix its samples in");
            }
            local = local == null ? decisions : local.plus(decisions);
            Arrays.stream(remoteNanos).forEach(remote::add);
            Arrays.stream(requestNanos).forEach(requests::add);
            rounds.add(round(decisions, remoteNanos, requestNanos));
        }

        long[] remoteAll = remote.stream().mapToLong(Long::longValue).toArray();
        long[] requestAll = requests.stream().mapToLong(Long::longValue).toArray();
        int n = (int) local.count();
        String localNote = "ConsentGate.allows inside media-service (timer kidsafe.consent.gate, buckets of whole µs, at most 9% wide; "
                + "difference of /q/metrics scrapes around each round), driven by POST /v1/children/{id}/chat";
        String remoteNote = "GET consent-service /v1/children/{id}/consents with a token, kept-alive HTTP/1.1, JSON parsed; "
                + "alternating call by call with the local side";
        results.add(NAME, "local check inside media-service", "p50", local.percentileMicros(50), "µs", n, localNote);
        results.add(NAME, "local check inside media-service", "p99", local.percentileMicros(99), "µs", n, localNote);
        results.add(NAME, "synchronous call to consent-service", "p50", Stats.percentileMicros(remoteAll, 50), "µs", remoteAll.length, remoteNote);
        results.add(NAME, "synchronous call to consent-service", "p99", Stats.percentileMicros(remoteAll, 99), "µs", remoteAll.length, remoteNote);
        results.add(NAME, "the gated chat request (harness)", "p50", Stats.percentileMicros(requestAll, 50), "µs", requestAll.length,
                "the whole request that carried the local check, for scale: token check, ownership, gate, encryption, insert");
        results.add(NAME, "synchronous / local", "p50 ratio", Stats.percentileMicros(remoteAll, 50) / local.percentileMicros(50), "x", ROUNDS,
                "goal >= 10; all rounds pooled (per-round ratios in the raw samples)");
        results.add(NAME, "synchronous / local", "p99 ratio", Stats.percentileMicros(remoteAll, 99) / local.percentileMicros(99), "x", ROUNDS,
                "goal >= 10; all rounds pooled (per-round ratios in the raw samples)");
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("local", localNote);
        samples.put("remote", remoteNote);
        samples.put("rounds", rounds);
        RawSamples.write(settings, NAME, samples);
    }

    private static Map<String, Object> round(PrometheusHistogram decisions, long[] remoteNanos, long[] requestNanos) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("localP50Micros", decisions.percentileMicros(50));
        round.put("localP99Micros", decisions.percentileMicros(99));
        round.put("remoteP50Micros", Stats.percentileMicros(remoteNanos, 50));
        round.put("remoteP99Micros", Stats.percentileMicros(remoteNanos, 99));
        round.put("p50Ratio", Stats.percentileMicros(remoteNanos, 50) / decisions.percentileMicros(50));
        round.put("p99Ratio", Stats.percentileMicros(remoteNanos, 99) / decisions.percentileMicros(99));
        round.put("localBucketsMicros", decisions.nonEmptyBucketsMicros());
        round.put("remoteNanos", remoteNanos);
        round.put("chatRequestNanos", requestNanos);
        return round;
    }

    /** media-service refuses (403 consent-required) until its projection has the grant from Kafka. */
    private void awaitProjection(URI chat, Supplier<String> token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (post(chat, token.get()).statusCode() != 201) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("media-service's projection never saw the consent");
            }
            Pause.of(Duration.ofMillis(50));
        }
    }

    private long gatedRequest(URI chat, String token) throws IOException, InterruptedException {
        long begun = System.nanoTime();
        HttpResponse<String> response = post(chat, token);
        long nanos = System.nanoTime() - begun;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("media-service answered " + response.statusCode() + ": " + response.body());
        }
        return nanos;
    }

    private HttpResponse<String> post(URI chat, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(chat).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Good night!\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long remoteCheck(URI consents, String token) throws IOException, InterruptedException {
        long begun = System.nanoTime();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(consents).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = JSON.readTree(response.body());
        long nanos = System.nanoTime() - begun;
        if (response.statusCode() != 200 || !body.path("items").isArray()) {
            throw new IllegalStateException("consent-service answered " + response.statusCode() + ": " + body);
        }
        return nanos;
    }

    private PrometheusHistogram scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("media-service's /q/metrics answered " + response.statusCode());
        }
        return PrometheusHistogram.parse(response.body(), GATE_HISTOGRAM);
    }
}
