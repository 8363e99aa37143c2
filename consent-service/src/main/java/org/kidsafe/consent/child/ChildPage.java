package org.kidsafe.consent.child;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of {@code GET /v1/children}, a named schema so generated clients type its items (issue 20 item 4). */
@Schema(name = "ChildPage", description = "A page of your children, oldest registration first")
public record ChildPage(
        @Schema(required = true) List<ChildView> items,
        @Schema(required = true, nullable = true, description = "The cursor for the next page (pass it as `after`); null on the last page") String next) {

    static ChildPage of(Page<ChildView> page) {
        return new ChildPage(page.items(), page.next());
    }
}
