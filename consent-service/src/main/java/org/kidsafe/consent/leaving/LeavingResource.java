package org.kidsafe.consent.leaving;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

@Path("/v1/me")
@Tag(name = "Account", description = "Your KidSafe account")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class LeavingResource {

    private final LeavingService leaving;
    private final Caller caller;

    LeavingResource(LeavingService leaving, Caller caller) {
        this.leaving = leaving;
        this.caller = caller;
    }

    @DELETE
    @Operation(operationId = "deleteMe", summary = "Leave KidSafe: erase every child of yours, then your own records and your account",
            description = "Acts on the token's subject alone. Each child gets a normal erasure with its signed receipt; once all "
                    + "completed, the receipts are mailed to you, then your address, consent forms and codes are deleted, then your "
                    + "account. Calling again while leaving answers the same state.")
    @APIResponse(responseCode = "202", description = "Leaving started (or already under way)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeavingView.class)))
    public Response leave() {
        return Response.accepted(leaving.leave(caller.parentId())).build();
    }
}
