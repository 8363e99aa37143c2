package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.launcher.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * (1) A parent deletes a child holding 0, 1, 100 and 10,000 media items; measured from the erasure's
 * own signed timestamps (consent-service's requestedAt, media-service's unreadableAt and completedAt,
 * the receipt's completedAt: one machine, one clock), plus the time the parent's app waits, polling,
 * until it holds the receipt.
 */
final class ErasureBenchmark {

    private static final String NAME = "erasure";
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final FreshToken alice;
    private final int notice;

    /** @param alice a parent whose email is already verified, so she may grant consent */
    ErasureBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, FreshToken alice, int notice) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.alice = alice;
        this.notice = notice;
    }

    /** The four figures of one erasure, in milliseconds after the parent's request. */
    record Timing(double receiptMs, double clientReceiptMs, double unreadableMs, double bytesGoneMs) {
    }

    void run() throws Exception {
        try (ErasureReports reports = new ErasureReports(platform.kafka().adminConfig())) {
            measure(reports, 0, settings.erasureRuns());
            measure(reports, 1, settings.erasureRuns());
            measure(reports, 100, settings.erasureRuns());
            measure(reports, settings.largeItems(), settings.largeRuns());
        }
    }

    private void measure(ErasureReports reports, int items, int runs) {
        List<Timing> timings = new ArrayList<>();
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
            timings.add(erase(reports, child));
        }
        String subject = items + (items == 1 ? " media item" : " media items");
        int n = timings.size();
        String server = "server timestamps: requestedAt to the receipt's completedAt";
        report(subject, "receipt", timings.stream().map(Timing::receiptMs).toList(), n, server);
        report(subject, "receipt seen by the app", timings.stream().map(Timing::clientReceiptMs).toList(), n,
                "DELETE through the gateway until GET /v1/erasures/{id} shows the receipt (polled every " + POLL_EVERY.toMillis() + " ms)");
        report(subject, "unreadable (key destroyed)", timings.stream().map(Timing::unreadableMs).toList(), n,
                "media-service's signed unreadableAt minus requestedAt");
        report(subject, "bytes gone", timings.stream().map(Timing::bytesGoneMs).toList(), n,
                "media-service's completedAt (records and blobs deleted, re-checked empty) minus requestedAt");
        if (!uploadRates.isEmpty()) {
            results.add(NAME, subject, "seeding uploads", Stats.median(uploadRates), "items/s", uploadRates.size(),
                    "8 parallel toy uploads of an 8x8 PNG straight to media-service (filtered, encrypted, stored)");
        }
    }

    private void report(String subject, String metric, List<Double> values, int runs, String note) {
        results.add(NAME, subject, metric + " p50", Stats.percentile(values, 50), "ms", runs, note);
        results.add(NAME, subject, metric + " p95", Stats.percentile(values, 95), "ms", runs, note);
    }

    private Timing erase(ErasureReports reports, UUID child) {
        String token = alice.get();
        long begun = System.nanoTime();
        UUID erasure = journey.deleteChild(token, child);
        ErasureView done = journey.awaitReceipt(token, erasure, RECEIPT_TIMEOUT, POLL_EVERY);
        double clientMs = (System.nanoTime() - begun) / 1e6;
        JsonNode receipt = journey.verifyReceipt(done.getReceipt(), erasure, child);
        Instant requested = Instant.parse(receipt.path("requestedAt").asText());
        Instant completed = Instant.parse(receipt.path("completedAt").asText());
        Instant mediaDone = null;
        for (JsonNode part : receipt.path("services")) {
            if (part.path("service").asText().equals(Platform.MEDIA)) {
                mediaDone = Instant.parse(part.path("completedAt").asText());
            }
        }
        if (mediaDone == null) {
            throw new IllegalStateException("The receipt does not cover media-service: " + receipt);
        }
        Instant unreadable = reports.time(erasure.toString(), Platform.MEDIA, "unreadableAt", Duration.ofSeconds(10))
                .orElseThrow(() -> new IllegalStateException("No media-service report seen for erasure " + erasure));
        return new Timing(millis(requested, completed), clientMs, millis(requested, unreadable), millis(requested, mediaDone));
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
