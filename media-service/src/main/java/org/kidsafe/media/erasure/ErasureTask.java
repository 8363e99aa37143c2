package org.kidsafe.media.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** One erasure request and how far it got, so a crash between its steps resumes it. */
@Entity
@Table(name = "erasure_job")
public class ErasureTask {

    @Id
    @Column(name = "erasure_id")
    public UUID erasureId;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    /** Comma-separated media categories this request covers. */
    @Column(nullable = false)
    public String categories;

    /** When media-service's consumer took the request off its topic (its own clock; the report's {@code receivedAt}). */
    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** Whether this request destroyed the child's data key (whole-child erasure). */
    @Column(name = "key_destroyed", nullable = false)
    public boolean keyDestroyed;

    /** When the data became unreadable: the data key destroyed, or (per category) the rows deleted. */
    @Column(name = "unreadable_at")
    public Instant unreadableAt;

    /** What was erased, as {@code kind=count} pairs, e.g. {@code data-key=1,photo=12}. */
    @Column(name = "erased_counts", nullable = false)
    public String erasedCounts = "";

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Until when a replica's worker holds this job ({@link ErasureWorker}); null when none does. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    public Set<DataCategory> categories() {
        return Arrays.stream(categories.split(",")).filter(name -> !name.isEmpty()).map(DataCategory::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataCategory.class)));
    }

    public void categories(Set<DataCategory> values) {
        categories = values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    public Map<String, Long> erasedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        Arrays.stream(erasedCounts.split(",")).filter(pair -> !pair.isEmpty()).map(pair -> pair.split("="))
                .forEach(pair -> counts.put(pair[0], Long.parseLong(pair[1])));
        return counts;
    }

    /** Adds to the recorded counts (an erasure resumed after a crash adds what it found on its second pass). */
    public void addErased(Map<String, Long> more) {
        Map<String, Long> counts = erasedCounts();
        more.forEach((kind, count) -> counts.merge(kind, count, Long::sum));
        erasedCounts = counts.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","));
    }
}
