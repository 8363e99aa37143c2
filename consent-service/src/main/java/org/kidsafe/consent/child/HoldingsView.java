package org.kidsafe.consent.child;

import java.time.Instant;
import java.util.List;

/**
 * The holdings contract shared by every service. {@code category} is null for the child's
 * registration; {@code retention} is null for records kept as long as the child's account exists.
 */
public record HoldingsView(String service, List<Entry> holdings) {

    public record Entry(String category, String kind, long count, Instant oldest, Instant newest, String retention) {
    }
}
