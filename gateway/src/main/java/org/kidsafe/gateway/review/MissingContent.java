package org.kidsafe.gateway.review;

import java.util.List;
import java.util.UUID;

/**
 * An item the export archive names but could not include, listed in its {@code missing.json} (issue 19 item 7), so an
 * archive that lacks an item says so.
 *
 * @param file   where the item would have been in the archive
 * @param reason {@link #GONE}, {@link #REFUSED} or {@link #UNAVAILABLE}
 */
record MissingContent(UUID itemId, String kind, String file, String reason) {

    /** Deleted (or purged) between the export document and its download. */
    static final String GONE = "gone";
    /** The service (or the token exchange) refused the download, or the item's path is not the child's. */
    static final String REFUSED = "refused";
    /** The service could not be reached or answered with a failure of its own; a later export may include it. */
    static final String UNAVAILABLE = "unavailable";

    static String reason(int status) {
        if (status == 404 || status == 410) {
            return GONE;
        }
        return status >= 400 && status < 500 ? REFUSED : UNAVAILABLE;
    }

    /** The whole {@code missing.json}. */
    record Report(UUID childId, List<MissingContent> missing) {
    }
}
