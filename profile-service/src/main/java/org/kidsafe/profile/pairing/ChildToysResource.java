package org.kidsafe.profile.pairing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.security.Caller;

import java.util.List;
import java.util.UUID;

@Path("/v1/children/{childId}/toys")
@Tag(name = "Toys", description = "The toys paired with a child")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ChildToysResource {

    private final ToyPairingService pairing;
    private final Caller caller;

    ChildToysResource(ToyPairingService pairing, Caller caller) {
        this.pairing = pairing;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listToys", summary = "List the child's toys, current and past pairings")
    @APIResponse(responseCode = "200", description = "The pairings")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    public List<ToyView> list(@PathParam("childId") UUID childId) {
        return pairing.toysOf(caller.parentId(), childId).stream().map(ToyView::of).toList();
    }

    @DELETE
    // Answers nothing or a problem: a client generated from the contract accepts only problem+json here (issue 20 item 3).
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{deviceId}")
    @Operation(operationId = "unpairToy", summary = "Unpair a toy", description = "Ends the pairing and deletes the toy's identity (retried later if the identity provider is down); every service refuses its tokens from now on.")
    @APIResponse(responseCode = "204", description = "Unpaired")
    @APIResponse(responseCode = "404", description = "No such child of this parent, or no such paired toy")
    public void unpair(@PathParam("childId") UUID childId, @PathParam("deviceId") String deviceId) {
        pairing.unpair(caller.parentId(), childId, deviceId);
    }
}
