package org.kidsafe.media.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.events.DataCategory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Schema(name = "MediaHoldings", description = "What media-service holds about a child, per kind.")
public record HoldingsView(String service, List<Entry> holdings) {

    static HoldingsView of(String service, List<ParentReviewService.Holding> holdings) {
        return new HoldingsView(service, holdings.stream()
                .map(h -> new Entry(h.category(), h.kind().label(), h.count(), h.oldest(), h.newest(), days(h.retention())))
                .toList());
    }

    /** ISO-8601 in days, e.g. P365D, as the retention notice states it. */
    private static String days(Duration retention) {
        return "P" + retention.toDays() + "D";
    }

    public record Entry(DataCategory category, String kind, long count, Instant oldest, Instant newest,
                        @Schema(description = "ISO-8601 retention period, e.g. P365D") String retention) {
    }
}
