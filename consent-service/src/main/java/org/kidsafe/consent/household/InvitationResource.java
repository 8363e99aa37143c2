package org.kidsafe.consent.household;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

@Path("/v1/invitations")
@Tag(name = "Households")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class InvitationResource {

    private final HouseholdService households;
    private final Caller caller;

    InvitationResource(HouseholdService households, Caller caller) {
        this.households = households;
        this.caller = caller;
    }

    @POST
    @Path("/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acceptInvitation", summary = "Become a child's guardian with an invitation's token",
            description = "The token is the link's `#invitation=` fragment; it works once, before it expires, for whoever signs "
                    + "in with it as a parent.")
    @APIResponse(responseCode = "200", description = "You are now a guardian of the child",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedInvitationView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request (no token)")
    @APIResponse(responseCode = "404", description = "invitation: unknown, used, cancelled or expired")
    @APIResponse(responseCode = "409", description = "already-guardian, or leaving (you asked to leave KidSafe)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = "{\"token\":\"kQ3v8xYz0pLm2N4rT6uW8yA0cE2gI4kM6oQ8sU0wY2a\"}")))
    public AcceptedInvitationView accept(@Valid @NotNull AcceptInvitationRequest request) {
        return households.accept(caller.parentId(), request.token());
    }
}
