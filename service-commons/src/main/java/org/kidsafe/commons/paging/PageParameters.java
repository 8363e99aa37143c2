package org.kidsafe.commons.paging;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters every paged list takes ({@code @BeanParam PageParameters page}), declared once with their
 * documentation so each list's operation in the OpenAPI document says the same (issue 20 item 4). {@code limit} is read as
 * text and parsed by {@link PageRequest#parse}: Jakarta REST would answer an unconvertible {@code Integer} (limit=abc)
 * with a 404 (spec 3.2), where the client needs a 400 that names the parameter (principle 5).
 */
public class PageParameters {

    @QueryParam(PageRequest.AFTER)
    @Parameter(description = PageRequest.AFTER_DESCRIPTION)
    String after;

    @QueryParam(PageRequest.LIMIT)
    @Parameter(description = PageRequest.LIMIT_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, format = "int32",
            minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT))
    String limit;

    /** @throws org.kidsafe.commons.problem.ProblemException 400 for a limit out of range or a cursor this API did not write */
    public PageRequest request() {
        return PageRequest.parse(after, limit);
    }
}
