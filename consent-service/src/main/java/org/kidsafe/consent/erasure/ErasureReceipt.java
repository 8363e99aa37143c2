package org.kidsafe.consent.erasure;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.schema.ErasureReport;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The claims of the receipt consent-service signs when an erasure saga is complete: opaque ids,
 * categories, counts, digests and times, never personal information. Anyone can verify it with the
 * key published at {@code GET /v1/keys}.
 * <p>
 * It states two moments (issue 18 item 1): {@code unreadableAt} (T1), when the live data became unreadable everywhere,
 * and {@code backupsUnreadableAt} (T2), when the backups and WAL that still hold the child's destroyed keys became
 * unreadable, as the key-encryption keys that wrapped them there are retired; each service's part lists its stores
 * with their own two moments.
 * <p>
 * Each part also states the service's hops of the saga (issue 22 item 2), so that the time from {@code requestedAt}
 * to {@code completedAt} (the receipt signed) is accounted for step by step: the request taken by the service, its
 * key destroyed, its bytes gone, its report signed and sent ({@code completedAt} of the part), the report accepted
 * here ({@code receivedAt}). Every time is the stating service's own clock.
 *
 * @param issuer              always {@code consent-service}
 * @param erasureId           the saga
 * @param childId             the child (an opaque id)
 * @param categories          the categories erased
 * @param requestedAt         when the parent asked
 * @param completedAt         when the last participant's report was accepted
 * @param unreadableAt        T1: the latest moment any store's live copy became unreadable
 * @param backupsUnreadableAt T2: the latest moment any store's backups and WAL become unreadable; null when no store
 *                            states one (no key was destroyed: the child keeps its keys, and backups keep the erased
 *                            data until the backup retention ends)
 * @param services            each service's part, consent-service's own first
 */
public record ErasureReceipt(String issuer, UUID erasureId, UUID childId, Set<DataCategory> categories, Instant requestedAt,
                             Instant completedAt, Instant unreadableAt, Instant backupsUnreadableAt, List<Part> services) {

    /**
     * @param service      the service
     * @param reportDigest SHA-256 of the service's signed report (null for consent-service's own part)
     * @param erased       what it erased, as counts
     * @param method       how, as the service reported it
     * @param completedAt  when the service finished
     * @param receivedAt   when consent-service accepted the report
     * @param stores       the service's stores with their T1 and T2, as its report stated them (none in a version 1 report)
     * @param requestReceivedAt when the service took the request (its report's {@code receivedAt}; null for
     *                          consent-service's own part and for a report of a previous release)
     * @param unreadableAt when the service destroyed the child's key (null when no key was involved)
     * @param bytesGoneAt  when the service's records and files were gone (null as {@code requestReceivedAt})
     */
    public record Part(String service, String reportDigest, Map<String, Long> erased, String method, Instant completedAt,
                       Instant receivedAt, List<ErasureReport.Store> stores, Instant requestReceivedAt, Instant unreadableAt,
                       Instant bytesGoneAt) {
    }
}
