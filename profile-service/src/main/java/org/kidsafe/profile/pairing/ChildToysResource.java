package org.kidsafe.profile.pairing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.security.Caller;

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
    @Operation(operationId = "listToys", summary = "List the child's toys, current and past pairings",
            description = "Paged, oldest pairing first (pairing time, then id); follow `next` until it is null.")
    @APIResponse(responseCode = "200", description = "One page of the pairings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ToyPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor (an `after` this API did not return) or invalid-limit")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    public ToyPage list(@PathParam("childId") UUID childId,
            @BeanParam PageParameters page) {
        return ToyPage.of(pairing.toysOf(caller.parentId(), childId, page.request()).map(ToyView::of));
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
