package org.kidsafe.profile.pairing;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of {@code GET /v1/children/{childId}/toys}, a named schema so generated clients type its items (issue 20 item 4). */
@Schema(name = "ToyPage", description = "A page of a child's toy pairings, current and past, oldest pairing first")
public record ToyPage(
        @Schema(required = true) List<ToyView> items,
        @Schema(required = true, nullable = true, description = "The cursor for the next page (pass it as `after`); null on the last page") String next) {

    static ToyPage of(Page<ToyView> page) {
        return new ToyPage(page.items(), page.next());
    }
}
