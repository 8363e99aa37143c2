package org.kidsafe.consent.erasure;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.security.Caller;

import java.util.UUID;

@Path("/v1/erasures")
@Tag(name = "Erasure", description = "Erasures a parent started, their signed receipts, and the keys that verify them")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ErasureResource {

    private final ErasureStatusService erasures;
    private final Caller caller;

    ErasureResource(ErasureStatusService erasures, Caller caller) {
        this.erasures = erasures;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listErasures", summary = "The erasures of the children you were a guardian of when each started (whoever started it), newest first, each with its signed receipt once done",
            description = "Kept, with ids only, for kidsafe.erasure.keep-for (3 years) after each completed, then deleted.")
    @APIResponse(responseCode = "200", description = "One page of your erasures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasurePage.class)))
    public ErasurePage list(@BeanParam PageParameters page) {
        return ErasurePage.of(erasures.listForGuardian(caller.parentId(), page.request()));
    }

    @GET
    @Path("/{erasureId}")
    @Operation(operationId = "getErasure", summary = "An erasure of a child you were a guardian of when it started: which services are still working, and the signed receipt once done")
    @APIResponse(responseCode = "200", description = "The erasure, with the receipt once every service is done",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureView.class)))
    @APIResponse(responseCode = "404", description = "No such erasure of yours")
    public ErasureView status(@PathParam("erasureId") UUID erasureId) {
        ErasureRequest request = erasures.requireHeld(caller.parentId(), erasureId);
        return ErasureView.of(request, erasures.pendingServices(request));
    }
}
