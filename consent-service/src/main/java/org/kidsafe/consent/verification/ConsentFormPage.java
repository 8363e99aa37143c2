package org.kidsafe.consent.verification;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of {@code GET /v1/admin/consent-forms}, a named schema so generated clients type its items (issue 20 item 4). */
@Schema(name = "ConsentFormPage", description = "A page of the forms waiting for review, oldest submission first")
public record ConsentFormPage(
        @Schema(required = true) List<ConsentFormView> items,
        @Schema(required = true, nullable = true, description = "The cursor for the next page (pass it as `after`); null on the last page") String next) {

    static ConsentFormPage of(Page<ConsentFormView> page) {
        return new ConsentFormPage(page.items(), page.next());
    }
}
