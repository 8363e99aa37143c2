package org.kidsafe.profile.profile;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;

import java.util.UUID;

@Path("/v1/children/{childId}/profile")
@Tag(name = "Profile", description = "A child's minimal profile: nickname, age band or birth month, avatar, language")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ProfileResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ProfileService profiles;
    private final Caller caller;

    ProfileResource(ProfileService profiles, Caller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceProfile", summary = "Create or replace the child's profile", description = "Needs the parent's PROFILE consent.")
    @APIResponse(responseCode = "200", description = "The stored profile")
    @APIResponse(responseCode = "400", description = "Invalid or unknown fields")
    @APIResponse(responseCode = "403", description = "No PROFILE consent recorded (consent-required)")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    @APIResponse(responseCode = "409", description = "Display name used by another child (display-name-taken)")
    @APIResponse(responseCode = "422", description = "Display name looks like personal information (display-name-refused, with reason)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"displayName\":\"BraveOtter7\",\"ageBand\":\"AGE_5_7\",\"avatar\":\"OWL\",\"preferredLanguage\":\"en-US\"}")))
    public ProfileView put(@PathParam("childId") UUID childId, @Valid @NotNull ProfileRequest request) {
        return ProfileView.of(profiles.save(caller.parentId(), childId, current -> request.toFields()));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Operation(operationId = "updateProfile", summary = "Change some fields of the child's profile")
    @APIResponse(responseCode = "200", description = "The stored profile")
    @APIResponse(responseCode = "404", description = "No such child of this parent, or no profile yet")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"avatar\":\"FOX\"}")),
            @Content(mediaType = MERGE_PATCH, examples = @ExampleObject(name = "example", value = "{\"avatar\":\"FOX\"}"))})
    public ProfileView patch(@PathParam("childId") UUID childId, @Valid @NotNull ProfilePatch patch) {
        return ProfileView.of(profiles.save(caller.parentId(), childId,
                current -> patch.applyTo(current.orElseThrow(() -> ProblemException.notFound("profile")))));
    }

    @GET
    @Operation(operationId = "getProfile", summary = "Read the child's profile")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "404", description = "No such child of this parent, or no profile yet")
    public ProfileView get(@PathParam("childId") UUID childId) {
        return ProfileView.of(profiles.get(caller.parentId(), childId));
    }
}
