package org.kidsafe.media.item;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of a child's media list (listMedia), in the one envelope every paginated list answers (issue 20 item 4). */
@Schema(name = "MediaPage", description = "One page of the child's items, oldest first (by storedAt, then id).")
public record MediaPage(
        @Schema(required = true, description = "The page's items") List<MediaItemView> items,
        @Schema(required = true, nullable = true, description = "Always present: the cursor of the next page (pass it as 'after'); null on the last page") String next) {

    static MediaPage of(Page<MediaItemView> page) {
        return new MediaPage(page.items(), page.next());
    }
}
