package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * (5) What one consent check costs. Local: the primary-key read of the service's own projection
 * that {@code ConsentGate.allows} makes (the same statement Hibernate issues for {@code findById}),
 * over one kept-open JDBC connection to media-service's database, as its pool would hold one. Remote:
 * the synchronous alternative, an HTTP call to consent-service for the child's consents (token
 * checked, one query, JSON back), over a kept-alive connection. Both sequential, one caller.
 */
final class ConsentGatingBenchmark {

    private static final String NAME = "consent-gating";
    /** Read-only: the benchmark never writes to a service's database. */
    private static final String PROJECTION_LOOKUP = "SELECT child_id, category, changed_at, granted, notice_version, parent_id"
            + " FROM consent_projection WHERE child_id = ? AND category = ?";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final Supplier<String> parentToken;
    private final int noticeVersion;

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
        journey.grant(parentToken.get(), child, "PHOTOS", noticeVersion).expect(201);
        long[] local;
        try (Connection media = platform.database(Platform.MEDIA).connect();
             PreparedStatement lookup = media.prepareStatement(PROJECTION_LOOKUP)) {
            lookup.setObject(1, child);
            lookup.setString(2, "PHOTOS");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!granted(lookup)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("media-service's projection never saw the consent");
                }
                Pause.of(Duration.ofMillis(50));
            }
            int checks = settings.consentChecks() * 10;
            timeLocal(lookup, checks);
            local = timeLocal(lookup, checks);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI consents = URI.create(platform.service(Platform.CONSENT).baseUrl() + "/v1/children/" + child + "/consents");
        timeRemote(http, consents, settings.consentChecks() / 4);
        long[] remote = timeRemote(http, consents, settings.consentChecks());

        String localNote = "PK read of media-service's consent_projection over JDBC (what ConsentGate.allows runs, without Hibernate's own overhead)";
        String remoteNote = "GET consent-service /v1/children/{id}/consents (first page) with a token, kept-alive HTTP/1.1, JSON parsed";
        report("local projection", local, localNote);
        report("synchronous call to consent-service", remote, remoteNote);
        results.add(NAME, "synchronous / local", "p50 ratio", Stats.percentileMicros(remote, 50) / Stats.percentileMicros(local, 50), "x",
                1, "how many local checks one synchronous check costs");
    }

    private void report(String subject, long[] nanos, String note) {
        results.add(NAME, subject, "p50", Stats.percentileMicros(nanos, 50), "µs", nanos.length, note);
        results.add(NAME, subject, "p99", Stats.percentileMicros(nanos, 99), "µs", nanos.length, note);
    }

    private static boolean granted(PreparedStatement lookup) throws SQLException {
        try (ResultSet row = lookup.executeQuery()) {
            return row.next() && row.getBoolean("granted");
        }
    }

    private static long[] timeLocal(PreparedStatement lookup, int checks) throws SQLException {
        long[] nanos = new long[checks];
        for (int i = 0; i < checks; i++) {
            long begun = System.nanoTime();
            if (!granted(lookup)) {
                throw new IllegalStateException("Consent vanished from the projection");
            }
            nanos[i] = System.nanoTime() - begun;
        }
        return nanos;
    }

    private long[] timeRemote(HttpClient http, URI consents, int checks) throws Exception {
        long[] nanos = new long[checks];
        String token = new ExchangedToken(parentToken, platform, KidSafeRealm.CONSENT).get();
        for (int i = 0; i < checks; i++) {
            long begun = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(consents).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !body.path("items").isArray()) {
                throw new IllegalStateException("consent-service answered " + response.statusCode() + ": " + body);
            }
            nanos[i] = System.nanoTime() - begun;
        }
        return nanos;
    }
}
