package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.launcher.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * (1) A parent deletes a child holding 0, 1, 100 and 10,000 media items; measured from the erasure's
 * own signed timestamps (consent-service's requestedAt and the receipt's completedAt, each participant's hops as the
 * receipt states them: one machine, one clock), plus the time the parent's app waits, polling, until it holds the
 * receipt.
 * <p>
 * Issue 22 item 2: each erasure is also broken down hop by hop, per participant, from the verified receipt: request
 * taken by the participant, key destroyed, bytes gone, report signed, report accepted by consent-service, receipt
 * signed; and, from the Kafka records' own timestamps, when each relay sent the request and the reports. The raw
 * timestamps of every erasure are kept in the results' JSON.
 */
final class ErasureBenchmark {

    private static final String NAME = "erasure";
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);
    private static final int WARM_UP_ERASURES = 5;
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(10);
    static final List<String> PARTICIPANTS = List.of(Platform.PROFILE, Platform.MEDIA);

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final FreshToken alice;
    private final int notice;
    private final List<Erasure> raw = new ArrayList<>();

    /** @param alice a parent whose email is already verified, so she may grant consent */
    ErasureBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, FreshToken alice, int notice) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.alice = alice;
        this.notice = notice;
    }

    /**
     * One participant's hops of one erasure, each by the clock of the service that states it.
     *
     * @param requestReceived the participant's consumer took the request (its report's {@code receivedAt})
     * @param keyDestroyed    the child's key destroyed ({@code unreadableAt}); null when no key was involved
     * @param bytesGone       its records and files deleted ({@code bytesGoneAt})
     * @param reportSigned    the report re-checked, signed and handed to its outbox (the part's {@code completedAt})
     * @param reportSent      the report's Kafka record timestamp: its outbox relay sent it
     * @param reportAccepted  consent-service verified and stored the report (the part's {@code receivedAt})
     */
    record Hops(String service, Instant requestReceived, Instant keyDestroyed, Instant bytesGone, Instant reportSigned,
                Instant reportSent, Instant reportAccepted) {
    }

    /**
     * The raw timestamps of one erasure, as kept in the results' JSON.
     *
     * @param requested       consent-service's requestedAt (the saga started, the request written to its outbox)
     * @param requestSent     the request's Kafka record timestamp: consent-service's relay sent it
     * @param receiptSigned   the receipt's completedAt
     * @param clientReceiptMs from the parent's DELETE to holding the receipt, polled
     */
    record Erasure(UUID erasureId, int items, Instant requested, Instant requestSent, Instant receiptSigned, double clientReceiptMs,
                   List<Hops> participants) {

        Hops of(String service) {
            return participants.stream().filter(hops -> hops.service().equals(service)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The receipt does not cover " + service));
        }

        /** The participant whose report was accepted last: the one the receipt waited for. */
        Hops last() {
            return participants.stream().max((a, b) -> a.reportAccepted().compareTo(b.reportAccepted())).orElseThrow();
        }
    }

    void run() throws Exception {
        try (ErasureReports reports = new ErasureReports(platform.kafka().adminConfig())) {
            warmUp(reports);
            measure(reports, 0, settings.erasureRuns());
            measure(reports, 1, settings.erasureRuns());
            measure(reports, 100, settings.erasureRuns());
            measure(reports, settings.largeItems(), settings.largeRuns());
        }
        results.raw("erasure hops", raw);
    }

    /**
     * The first erasures after the platform started pay one-off costs that no later erasure pays: hops of about one
     * second where a consumer meets its topic's first records (the quick run of 2026-12-07 showed them in the first
     * runs only), and the JIT. Run before the measured sizes, as the toy identity benchmark warms up its pairings, and
     * reported apart (every hop of theirs is in the raw samples) rather than counted in a percentile.
     */
    private void warmUp(ErasureReports reports) {
        List<Erasure> first = new ArrayList<>();
        for (int run = 0; run < WARM_UP_ERASURES; run++) {
            UUID child = journey.registerChild(alice.get());
            journey.grant(alice.get(), child, "PHOTOS", notice).expect(201);
            first.add(erase(reports, child, 0));
        }
        List<Double> receipts = first.stream().map(e -> millis(e.requested(), e.receiptSigned())).toList();
        results.add(NAME, "first erasures after the start (0 items, not counted)", "receipt, slowest", Stats.percentile(receipts, 100), "ms",
                receipts.size(), "warm-up before the measured sizes: consumers meeting their topics' first records, the JIT");
        results.add(NAME, "first erasures after the start (0 items, not counted)", "receipt, median", Stats.median(receipts), "ms",
                receipts.size(), "warm-up before the measured sizes");
        results.raw("erasure warm-up", first);
    }

    private void measure(ErasureReports reports, int items, int runs) {
        List<Erasure> erasures = new ArrayList<>();
        List<Double> uploadRates = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            UUID child;
            if (items == 0) {
                // A child with consent but nothing collected: media-service still answers (counts 0).
                child = journey.registerChild(alice.get());
                journey.grant(alice.get(), child, "PHOTOS", notice).expect(201);
            } else {
                Family family = Family.create(platform, journey, alice, notice);
                double rate = family.uploadUntil(items);
                if (!Double.isNaN(rate)) {
                    uploadRates.add(rate);
                }
                long held = family.heldItems();
                if (held != items) {
                    throw new IllegalStateException("Seeded " + held + " items instead of " + items);
                }
                child = family.childId();
            }
            erasures.add(erase(reports, child, items));
        }
        raw.addAll(erasures);
        String subject = items + (items == 1 ? " media item" : " media items");
        String server = "server timestamps: requestedAt to the receipt's completedAt";
        report(subject, "receipt", erasures, e -> millis(e.requested(), e.receiptSigned()), server);
        report(subject, "receipt seen by the app", erasures, Erasure::clientReceiptMs,
                "DELETE through the gateway until GET /v1/erasures/{id} shows the receipt (polled every " + POLL_EVERY.toMillis() + " ms)");
        report(subject, "unreadable (key destroyed)", erasures, e -> millis(e.requested(), e.of(Platform.MEDIA).keyDestroyed()),
                "media-service's unreadableAt (in the receipt) minus requestedAt");
        report(subject, "bytes gone", erasures, e -> millis(e.requested(), e.of(Platform.MEDIA).bytesGone()),
                "media-service's bytesGoneAt (records and blobs deleted, before the re-check; in the receipt) minus requestedAt");
        breakdown(subject, erasures);
        if (!uploadRates.isEmpty()) {
            results.add(NAME, subject, "seeding uploads", Stats.median(uploadRates), "items/s", uploadRates.size(),
                    "8 parallel toy uploads of an 8x8 PNG straight to media-service (filtered, encrypted, stored)");
        }
    }

    /**
     * The hops of the saga, p50 and p95 of each interval over the runs: the way out (consent-service's relay, each
     * participant's consumer), each participant's own work, the way back (its relay, consent-service's consumer and
     * check), and the receipt. Printed as rows like every figure.
     */
    private void breakdown(String subject, List<Erasure> erasures) {
        report(subject, "hop: requested -> request sent to Kafka", erasures, e -> millis(e.requested(), e.requestSent()),
                "consent-service's commit and outbox relay: requestedAt to the request's Kafka record timestamp");
        for (String service : PARTICIPANTS) {
            String who = " (" + service + ")";
            Map<String, Function<Erasure, Double>> hops = new LinkedHashMap<>();
            hops.put("hop: request sent -> received" + who, e -> millis(e.requestSent(), e.of(service).requestReceived()));
            hops.put("hop: requested -> received" + who, e -> millis(e.requested(), e.of(service).requestReceived()));
            hops.put("hop: received -> key destroyed" + who, e -> millis(e.of(service).requestReceived(), e.of(service).keyDestroyed()));
            hops.put("hop: key destroyed -> bytes gone" + who, e -> millis(firstNonNull(e.of(service).keyDestroyed(), e.of(service).requestReceived()),
                    e.of(service).bytesGone()));
            hops.put("hop: bytes gone -> report signed" + who, e -> millis(e.of(service).bytesGone(), e.of(service).reportSigned()));
            hops.put("hop: report signed -> sent to Kafka" + who, e -> millis(e.of(service).reportSigned(), e.of(service).reportSent()));
            hops.put("hop: report sent -> accepted by consent-service" + who, e -> millis(e.of(service).reportSent(), e.of(service).reportAccepted()));
            hops.forEach((metric, interval) -> report(subject, metric, erasures, interval,
                    "per-hop timestamps of the verified receipt (each service's clock, one machine); Kafka record timestamps for 'sent'"));
        }
        report(subject, "hop: last report accepted -> receipt signed", erasures, e -> millis(e.last().reportAccepted(), e.receiptSigned()),
                "consent-service, in the transaction that accepted the last report");
        for (String service : PARTICIPANTS) {
            double share = erasures.stream().filter(e -> e.last().service().equals(service)).count() * 100.0 / erasures.size();
            results.add(NAME, subject, "last to report: " + service, share, "%", erasures.size(), "share of runs whose receipt waited for it");
        }
    }

    private static Instant firstNonNull(Instant preferred, Instant fallback) {
        return preferred != null ? preferred : fallback;
    }

    private void report(String subject, String metric, List<Erasure> erasures, Function<Erasure, Double> interval, String note) {
        List<Double> values = erasures.stream().map(interval).filter(value -> !Double.isNaN(value)).toList();
        results.add(NAME, subject, metric + " p50", Stats.percentile(values, 50), "ms", values.size(), note);
        results.add(NAME, subject, metric + " p95", Stats.percentile(values, 95), "ms", values.size(), note);
    }

    private Erasure erase(ErasureReports reports, UUID child, int items) {
        String token = alice.get();
        long begun = System.nanoTime();
        UUID erasure = journey.deleteChild(token, child);
        ErasureView done = journey.awaitReceipt(token, erasure, RECEIPT_TIMEOUT, POLL_EVERY);
        double clientMs = (System.nanoTime() - begun) / 1e6;
        return timeline(journey.verifyReceipt(done.getReceipt(), erasure, child), erasure, items, clientMs, reports);
    }

    /**
     * One erasure's timestamps from its verified receipt and the Kafka records' own times: the one reading of a receipt
     * that this benchmark and the erasure-throughput benchmark share.
     */
    static Erasure timeline(JsonNode receipt, UUID erasure, int items, double clientMs, ErasureReports reports) {
        List<Hops> participants = new ArrayList<>();
        for (JsonNode part : receipt.path("services")) {
            String service = part.path("service").asText();
            if (PARTICIPANTS.contains(service)) {
                participants.add(new Hops(service, instant(part, "requestReceivedAt"), instant(part, "unreadableAt"), instant(part, "bytesGoneAt"),
                        instant(part, "completedAt"), reports.reportSent(erasure.toString(), service, KAFKA_WAIT).orElse(null),
                        instant(part, "receivedAt")));
            }
        }
        if (participants.size() != PARTICIPANTS.size()) {
            throw new IllegalStateException("The receipt does not cover every participant: " + receipt);
        }
        return new Erasure(erasure, items, instant(receipt, "requestedAt"), reports.requestSent(erasure.toString(), KAFKA_WAIT).orElse(null),
                instant(receipt, "completedAt"), clientMs, participants);
    }

    /** A time the receipt states, or null where it states none (a service of a previous release, no key destroyed). */
    private static Instant instant(JsonNode claims, String name) {
        return claims.hasNonNull(name) ? Instant.parse(claims.path(name).asText()) : null;
    }

    /** Milliseconds between two moments; NaN when either is unknown, so that percentiles skip it. */
    static double millis(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }
}
