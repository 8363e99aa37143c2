package org.kidsafe.e2e;

import org.kidsafe.launcher.Platform;

import java.util.UUID;

/** Counts rows straight in a service's own database (bind parameters only), to see what really was written. */
final class ServiceRows {

    private ServiceRows() {
    }

    static long count(String service, String query, Object... parameters) {
        return RunningPlatform.get().database(service).count(query, parameters);
    }

    /** How many times a service's inbox recorded the event as consumed: 1 once it was taken, never more. */
    static long consumed(String service, UUID eventId) {
        return count(service, "SELECT count(*) FROM consumed_message WHERE event_id = ?", eventId);
    }

    /** Rows of a service's consent projection for one child and category in the given state (0 or 1). */
    static long projected(String service, UUID child, String category, boolean granted) {
        return count(service, "SELECT count(*) FROM consent_projection WHERE child_id = ? AND category = ? AND granted = ?",
                child, category, granted);
    }

    /** Audit ledger entries of one type about one child. */
    static long ledgerEntriesOfChild(String type, UUID childId) {
        return count(Platform.CONSENT, "SELECT count(*) FROM ledger_entry WHERE type = ? AND child_id = ?", type, childId);
    }

    /** Audit ledger entries of one type whose details name the given id (an erasure's, say). */
    static long ledgerEntriesMentioning(String type, UUID id) {
        return count(Platform.CONSENT, "SELECT count(*) FROM ledger_entry WHERE type = ? AND details LIKE ?", type, "%" + id + "%");
    }
}
