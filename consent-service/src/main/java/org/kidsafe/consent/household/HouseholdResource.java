package org.kidsafe.consent.household;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.security.Caller;

import java.net.URI;
import java.util.UUID;

@Path("/v1/children/{childId}")
@Tag(name = "Households", description = "A child's guardians: invitations, acceptance and removal (issue 19 item 4)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class HouseholdResource {

    private final HouseholdService households;
    private final Caller caller;

    HouseholdResource(HouseholdService households, Caller caller) {
        this.households = households;
        this.caller = caller;
    }

    @GET
    @Path("/guardians")
    @Operation(operationId = "getHousehold", summary = "The child's guardians and open invitations",
            description = "Every guardian of the child may read it; `you` marks the caller. Invitees are shown by a masked address only.")
    @APIResponse(responseCode = "200", description = "The household",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HouseholdView.class)))
    @APIResponse(responseCode = "404", description = "No such child of yours")
    public HouseholdView household(@PathParam("childId") UUID childId) {
        return households.household(caller.parentId(), childId);
    }

    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "inviteGuardian", summary = "Invite another parent to become the child's guardian",
            description = "Mails the address a single-use link to the privacy center, valid for a configured period (7 days by "
                    + "default); the invitee accepts by signing in with their own parent account. The address is not kept.")
    @APIResponse(responseCode = "201", description = "Invitation sent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InvitationView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request (not an email address)")
    @APIResponse(responseCode = "404", description = "No such child of yours")
    @APIResponse(responseCode = "409", description = "too-many-invitations: cancel an open one first")
    @APIResponse(responseCode = "503", description = "mail-unavailable: nothing was stored")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = "{\"email\":\"co-parent@example.com\"}")))
    public Response invite(@PathParam("childId") UUID childId, @Valid @NotNull InvitationRequest request,
                           @Context HttpHeaders headers) {
        InvitationView invitation = households.invite(caller.parentId(), childId, request.email(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Response.created(URI.create("/v1/children/" + childId + "/invitations/" + invitation.invitationId())).entity(invitation).build();
    }

    @DELETE
    // Answers nothing or a problem: a client generated from the contract accepts only problem+json here (issue 20 item 3).
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/invitations/{invitationId}")
    @Operation(operationId = "cancelInvitation", summary = "Cancel an open invitation: its link stops working")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "No such child of yours, or no such open invitation of the child")
    public void cancel(@PathParam("childId") UUID childId, @PathParam("invitationId") UUID invitationId) {
        households.cancel(caller.parentId(), childId, invitationId);
    }

    @DELETE
    // Answers nothing or a problem: a client generated from the contract accepts only problem+json here (issue 20 item 3).
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/guardians/{parentId}")
    @Operation(operationId = "removeGuardian", summary = "Remove a guardian of the child, or yourself",
            description = "The removed parent loses access in every service within the consent projection's lag (about a "
                    + "second). The last guardian cannot be removed: delete the child instead.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such child of yours, or that parent is not its guardian")
    @APIResponse(responseCode = "409", description = "last-guardian: delete the child instead")
    public void removeGuardian(@PathParam("childId") UUID childId, @PathParam("parentId") UUID parentId) {
        households.removeGuardian(caller.parentId(), childId, parentId);
    }
}
