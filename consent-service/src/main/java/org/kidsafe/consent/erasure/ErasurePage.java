package org.kidsafe.consent.erasure;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of {@code GET /v1/erasures}, a named schema so generated clients type its items (issue 20 item 4). */
@Schema(name = "ErasurePage", description = "A page of the erasures of the children you were a guardian of when each started, newest first, each with its receipt once done")
public record ErasurePage(
        @Schema(required = true) List<ErasureView> items,
        @Schema(required = true, nullable = true, description = "The cursor for the next page (pass it as `after`); null on the last page") String next) {

    static ErasurePage of(Page<ErasureView> page) {
        return new ErasurePage(page.items(), page.next());
    }
}
