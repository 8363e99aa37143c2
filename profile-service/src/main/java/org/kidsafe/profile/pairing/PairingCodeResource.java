package org.kidsafe.profile.pairing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

import java.util.UUID;

@Path("/v1/children/{childId}/pairing-codes")
@Tag(name = "Toy pairing", description = "Binding a toy to a child with a short-lived single-use code")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class PairingCodeResource {

    private final ToyPairingService pairing;
    private final Caller caller;

    PairingCodeResource(ToyPairingService pairing, Caller caller) {
        this.pairing = pairing;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "createPairingCode", summary = "Create a pairing code for a toy", description = "Single use, valid for 10 minutes. The child needs a profile.")
    @APIResponse(responseCode = "201", description = "The code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PairingCodeView.class)))
    @APIResponse(responseCode = "403", description = "No PROFILE consent recorded")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    @APIResponse(responseCode = "409", description = "The child has no profile yet (profile-required)")
    public Response create(@PathParam("childId") UUID childId) {
        PairingCodeIssued code = pairing.createCode(caller.parentId(), childId);
        return Response.status(Response.Status.CREATED).entity(new PairingCodeView(code.code(), code.expiresAt())).build();
    }
}
