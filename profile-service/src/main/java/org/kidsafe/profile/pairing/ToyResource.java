package org.kidsafe.profile.pairing;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.profile.profile.Profile;

@Path("/v1/toys")
@Tag(name = "Toys", description = "What a toy itself calls")
@Produces(MediaType.APPLICATION_JSON)
public class ToyResource {

    private final ToyPairingService pairing;
    private final KeycloakSettings keycloak;
    private final Caller caller;

    ToyResource(ToyPairingService pairing, KeycloakSettings keycloak, Caller caller) {
        this.pairing = pairing;
        this.keycloak = keycloak;
        this.caller = caller;
    }

    @POST
    @Path("/pairings")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "pairToy", summary = "Redeem a pairing code (called by the toy, without a token)",
            description = "Returns the toy's own credentials: it asks tokenEndpoint for tokens with the password grant "
                    + "(client_id = clientId, username, password = secret, scope = offline_access) and then only refreshes. "
                    + "Rate-limited at the gateway.")
    @APIResponse(responseCode = "201", description = "Paired; the credentials are shown only now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ToyCredentialsView.class)))
    @APIResponse(responseCode = "400", description = "Unknown, expired or used code (invalid-pairing-code), or a malformed device id")
    @APIResponse(responseCode = "409", description = "The device is paired with another child (device-already-paired)")
    @APIResponse(responseCode = "503", description = "The identity provider is unavailable; the code stays valid")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"code\":\"K7QP-2MXD\",\"deviceId\":\"toy-serial-00042\"}")))
    public Response redeem(@Valid @NotNull PairingRequest request) {
        ToyPairing paired = pairing.redeem(request.code(), request.deviceId());
        return Response.status(Response.Status.CREATED)
                .entity(new ToyCredentialsView(keycloak.toyTokenEndpointOrDerived(), keycloak.toyClientId(),
                        paired.credentials().username(), paired.credentials().secret(), paired.childId()))
                .build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(Caller.TOY)
    @Operation(operationId = "getToyGreeting", summary = "The toy's own child's display name and avatar, to greet the child")
    @APIResponse(responseCode = "200", description = "The greeting")
    @APIResponse(responseCode = "403", description = "The toy is no longer paired (toy-not-paired)")
    public ToyGreeting me() {
        // The token's device_id is the device's pseudonym (issue 16), never its raw id.
        Profile profile = pairing.profileForToy(caller.toyChildId(), caller.toyDeviceId());
        return new ToyGreeting(profile.fields().displayName(), profile.fields().avatar());
    }
}
