package org.kidsafe.consent.consent;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of {@code GET /v1/children/{childId}/consents}, a named schema so generated clients type its items (issue 20 item 4). */
@Schema(name = "ConsentPage", description = "A page of a child's consent history, revoked consents included, oldest grant first")
public record ConsentPage(
        @Schema(required = true) List<ConsentView> items,
        @Schema(required = true, nullable = true, description = "The cursor for the next page (pass it as `after`); null on the last page") String next) {

    static ConsentPage of(Page<ConsentView> page) {
        return new ConsentPage(page.items(), page.next());
    }
}
