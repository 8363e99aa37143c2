package org.kidsafe.consent.notice;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The direct notice is public: parents read it before they have an account. */
@Path("/v1/notices")
@Tag(name = "Notices", description = "The direct notice to parents (16 CFR 312.4), current and past versions")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class NoticeResource {

    private final NoticeService notices;
    private final NoticeGenerator generator;

    NoticeResource(NoticeService notices, NoticeGenerator generator) {
        this.notices = notices;
        this.generator = generator;
    }

    @GET
    @Path("/current")
    @Operation(operationId = "getCurrentNotice", summary = "The current direct notice: what is collected, why, for how long, and who receives it")
    public NoticeView current() {
        return NoticeView.of(notices.current(), generator.generate().categories());
    }

    @GET
    @Path("/{version}")
    @Operation(operationId = "getNotice", summary = "An earlier version of the notice, exactly as parents saw it")
    public NoticeView version(@PathParam("version") int version) {
        return NoticeView.of(notices.version(version), null);
    }
}
