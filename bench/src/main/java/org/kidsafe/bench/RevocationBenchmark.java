package org.kidsafe.bench;

import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.Answer;
import org.kidsafe.launcher.client.ParentJourney;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * From a parent's revocation until every service refuses collection in that category (issue 22 item 4), measured like
 * time-to-unreadable: from the services' own timestamps, one machine and one clock, beside what the clients see. For
 * each run a fresh child (PROFILE, PHOTOS, VOICE and CHAT granted, a paired toy); its categories are revoked one after
 * the other through the gateway, and each of the category's collecting endpoints (through the gateway, as the toy and
 * the parent's app call them; each shown to accept first) is called again and again until it answers 403
 * consent-required.
 * <p>
 * Server side: consent-service records the revocation ({@code ConsentRevoked}'s time, which every projection keeps as
 * {@code consent_projection.changed_at}); each service that keeps a projection (media-service, profile-service) applies
 * it at its inbox row's {@code consumed_at} (the start of the applying transaction; the commit follows within
 * milliseconds). Read-only JDBC reads of each service's own database, as its own role.
 */
final class RevocationBenchmark {

    private static final String NAME = "revocation";
    private static final int QUICK_RUNS = 3;
    private static final int FULL_RUNS = 20;
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);
    /** PROFILE last: its erasure takes the child's profile, which the toy's identity hangs on. */
    private static final List<String> CATEGORIES = List.of("PHOTOS", "VOICE", "CHAT", "PROFILE");
    private static final List<String> PROJECTIONS = List.of(Platform.MEDIA, Platform.PROFILE);
    private static final String CONSENT_REQUIRED = "/consent-required";
    private static final String MESSAGE = "Look, I drew a dragon!";
    private static final byte[] PHOTO = Family.png(8, 8);
    private static final byte[] VOICE = SampleMedia.voiceClip(250);
    private static final String PROJECTED = "SELECT granted, changed_at FROM consent_projection WHERE child_id = ? AND category = ?";
    private static final String APPLIED = "SELECT min(consumed_at) FROM consumed_message WHERE event_type = 'ConsentRevoked' AND consumed_at >= ?";

    /** One endpoint that collects a category: which service owns it, and the call, as its client makes it. */
    private record Probe(String service, String endpoint, Supplier<Answer<?>> call) {
    }

    /**
     * One revocation, every time in milliseconds after the parent's app sent it.
     *
     * @param answeredMs     the 202 reached the app
     * @param recordedMs     consent-service recorded the revocation (the event's time)
     * @param appliedMs      each projection applied it (its inbox row's time), by service
     * @param refusedMs      each endpoint's first 403 consent-required reached its client, by endpoint
     * @param acceptedAfter  calls still accepted (stored) after the 202, by endpoint
     * @param probeCycles    rounds of calls until the last endpoint refused
     */
    record Sample(int run, String category, Instant sentAt, double answeredMs, double recordedMs, Map<String, Double> appliedMs,
                  Map<String, Double> refusedMs, Map<String, Integer> acceptedAfter, int probeCycles) {

        double everyEndpointRefusedMs() {
            return refusedMs.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final FreshToken parent;
    private final int notice;

    RevocationBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, FreshToken parent, int notice) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.parent = parent;
        this.notice = notice;
    }

    void run() throws SQLException {
        int runs = settings.quick() ? QUICK_RUNS : FULL_RUNS;
        List<Sample> samples = new ArrayList<>();
        try {
            for (int run = 0; run < runs; run++) {
                Family family = Family.create(platform, journey, parent, notice, "VOICE", "CHAT");
                String toy = family.toyTokenForGateway();
                String displayName = journey.suggestDisplayNames(parent.get()).get(0);
                for (String category : CATEGORIES) {
                    samples.add(revoke(run, category, family.childId(), probes(category, family.childId(), toy, displayName)));
                }
            }
        } finally {
            RawSamples.write(settings, NAME, Map.of("samples", samples));
        }
        report(samples);
    }

    /** The endpoints that collect the category, and who calls them. */
    private List<Probe> probes(String category, UUID child, String toy, String displayName) {
        return switch (category) {
            case "PHOTOS" -> List.of(new Probe(Platform.MEDIA, "toy's photo, POST /api/v1/media",
                    () -> journey.uploadPhoto(toy, PHOTO, "image/png")));
            case "VOICE" -> List.of(new Probe(Platform.MEDIA, "toy's voice clip, POST /api/v1/media",
                    () -> journey.uploadPhoto(toy, VOICE, "audio/wav")));
            case "CHAT" -> List.of(
                    new Probe(Platform.MEDIA, "toy's chat, POST /api/v1/chat", () -> journey.sendChatFromToy(toy, MESSAGE)),
                    new Probe(Platform.MEDIA, "parent's chat, POST /api/v1/children/{id}/chat",
                            () -> journey.sendChatToToy(parent.get(), child, MESSAGE)));
            case "PROFILE" -> List.of(new Probe(Platform.PROFILE, "parent's profile, PUT /api/v1/children/{id}/profile",
                    () -> journey.putProfile(parent.get(), child, displayName)));
            default -> throw new IllegalArgumentException(category);
        };
    }

    private Sample revoke(int run, String category, UUID child, List<Probe> probes) throws SQLException {
        for (Probe probe : probes) {
            awaitAccepting(probe, category);
        }
        String token = parent.get();
        Instant sentAt = Instant.now();
        long sent = System.nanoTime();
        UUID erasure = journey.revoke(token, child, category).expect(202).getErasureId();
        double answeredMs = sinceMs(sent);
        Map<String, Double> refusedMs = new LinkedHashMap<>();
        Map<String, Integer> acceptedAfter = new LinkedHashMap<>();
        probes.forEach(probe -> acceptedAfter.put(probe.endpoint(), 0));
        int cycles = 0;
        while (refusedMs.size() < probes.size()) {
            if (sinceMs(sent) > REFUSAL_TIMEOUT.toMillis()) {
                throw new IllegalStateException(category + " still collected " + REFUSAL_TIMEOUT + " after the revocation: " + acceptedAfter);
            }
            cycles++;
            for (Probe probe : probes) {
                if (refusedMs.containsKey(probe.endpoint())) {
                    continue;
                }
                // 409: the category's erasure overtook this upload and nothing was stored; asked again until the refusal.
                Answer<?> answer = probe.call().get();
                if (refusesForConsent(answer)) {
                    refusedMs.put(probe.endpoint(), sinceMs(sent));
                } else if (answer.status() / 100 == 2) {
                    acceptedAfter.merge(probe.endpoint(), 1, Integer::sum);
                } else if (answer.status() != 409) {
                    throw new IllegalStateException(probe.endpoint() + " answered " + answer.status() + " " + answer.problem());
                }
            }
        }
        Map<String, Double> appliedMs = new LinkedHashMap<>();
        Instant recorded = null;
        for (String service : PROJECTIONS) {
            Instant[] times = projected(service, child, category);
            recorded = times[0]; // the same event's time in every projection
            appliedMs.put(service, millis(sentAt, times[1]));
        }
        // The category's erasure finished before the next revocation: each is measured on a platform at rest.
        journey.awaitReceipt(token, erasure, RECEIPT_TIMEOUT);
        return new Sample(run, category, sentAt, answeredMs, millis(sentAt, recorded), appliedMs, refusedMs, acceptedAfter, cycles);
    }

    /** The endpoint collects before the revocation (the grants reach each projection asynchronously). */
    private static void awaitAccepting(Probe probe, String category) {
        long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
        Answer<?> answer = probe.call().get();
        while (answer.status() / 100 != 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(probe.endpoint() + " never accepted " + category + ": " + answer.status() + " " + answer.problem());
            }
            Pause.of(Duration.ofMillis(50));
            answer = probe.call().get();
        }
    }

    static boolean refusesForConsent(Answer<?> answer) {
        return answer.status() == 403 && answer.problem() != null && answer.problem().getType() != null
                && answer.problem().getType().toString().endsWith(CONSENT_REQUIRED);
    }

    /**
     * When consent-service recorded the revocation and when this service's projection applied it: waits for the
     * projection's row to say revoked, then takes the earliest ConsentRevoked its inbox took from then on (revocations
     * are measured one at a time, each applied everywhere before the next is sent).
     */
    private Instant[] projected(String service, UUID child, String category) throws SQLException {
        try (Connection db = platform.database(service).connect();
             PreparedStatement projection = db.prepareStatement(PROJECTED);
             PreparedStatement applied = db.prepareStatement(APPLIED)) {
            projection.setObject(1, child);
            projection.setString(2, category);
            long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
            while (true) {
                try (ResultSet row = projection.executeQuery()) {
                    if (row.next() && !row.getBoolean("granted")) {
                        OffsetDateTime changedAt = row.getObject("changed_at", OffsetDateTime.class);
                        applied.setObject(1, changedAt);
                        try (ResultSet inbox = applied.executeQuery()) {
                            OffsetDateTime consumedAt = inbox.next() ? inbox.getObject(1, OffsetDateTime.class) : null;
                            if (consumedAt == null) {
                                throw new IllegalStateException(service + " projected the revocation without an inbox row");
                            }
                            return new Instant[] {changedAt.toInstant(), consumedAt.toInstant()};
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + "'s projection never saw " + category + " revoked");
                }
                Pause.of(Duration.ofMillis(10));
            }
        }
    }

    private void report(List<Sample> samples) {
        String client = "through the gateway, as the toy / the parent's app call it, again and again from the moment the revocation is sent";
        for (String category : CATEGORIES) {
            List<Sample> of = samples.stream().filter(sample -> sample.category().equals(category)).toList();
            String collectors = of.isEmpty() ? "" : String.join("; ", of.get(0).refusedMs().keySet());
            percentiles(category, "every collector refuses (client)", of, Sample::everyEndpointRefusedMs, client + ": " + collectors);
            String owner = category.equals("PROFILE") ? Platform.PROFILE : Platform.MEDIA;
            percentiles(category, owner + " applied it (server)", of, sample -> sample.appliedMs().get(owner),
                    "its inbox row's consumed_at minus the revocation's send time");
            results.add(NAME, category, "calls stored after the 202", of.stream().mapToInt(sample -> sample.acceptedAfter().values().stream()
                    .mapToInt(Integer::intValue).sum()).sum(), "calls", of.size(), "collected after the app was told the consent had ended");
        }
        String all = "all categories";
        percentiles(all, "revocation answered (client)", samples, Sample::answeredMs, "the 202 of DELETE .../consents/{category} reaches the app");
        percentiles(all, "recorded at consent-service (server)", samples, Sample::recordedMs,
                "ConsentRevoked's time (consent_projection.changed_at) minus the send time");
        for (String service : PROJECTIONS) {
            percentiles(all, service + " projection lag (server)", samples, sample -> sample.appliedMs().get(service) - sample.recordedMs(),
                    "inbox consumed_at minus the revocation's recorded time: outbox relay, Kafka, consumer");
        }
        percentiles(all, "every collector refuses (client)", samples, Sample::everyEndpointRefusedMs, client);
    }

    private void percentiles(String subject, String metric, List<Sample> samples, Function<Sample, Double> value, String note) {
        List<Double> values = samples.stream().map(value).toList();
        results.add(NAME, subject, metric + " p50", Stats.percentile(values, 50), "ms", values.size(), note);
        results.add(NAME, subject, metric + " p95", Stats.percentile(values, 95), "ms", values.size(), note);
    }

    private static double sinceMs(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e6;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
