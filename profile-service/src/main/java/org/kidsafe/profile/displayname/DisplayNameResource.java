package org.kidsafe.profile.displayname;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

@Path("/v1/display-names")
@Tag(name = "Display names", description = "Safe nicknames instead of real names")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class DisplayNameResource {

    private final DisplayNameSuggestions suggestions;
    private final DisplayNamePolicy policy;

    DisplayNameResource(DisplayNameSuggestions suggestions, DisplayNamePolicy policy) {
        this.suggestions = suggestions;
        this.policy = policy;
    }

    @GET
    @Path("/suggestions")
    @Operation(operationId = "suggestDisplayNames", summary = "Random safe display names (adjective + animal + optional number) no child uses yet")
    @APIResponse(responseCode = "200", description = "The suggestions")
    public DisplayNameSuggestionsView suggestions(@QueryParam("count") @DefaultValue("5") @Min(1) @Max(10) int count) {
        return new DisplayNameSuggestionsView(suggestions.suggest(count));
    }

    @POST
    @Path("/checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkDisplayName", summary = "Check a display name while the parent types it", description = "Does not reserve the name.")
    @APIResponse(responseCode = "200", description = "The verdict, with a reason code when refused")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"displayName\":\"BraveOtter7\"}")))
    public DisplayNameVerdict check(@Valid @NotNull DisplayNameCheck request) {
        return policy.check(request.displayName())
                .map(refusal -> new DisplayNameVerdict(false, refusal.name(), refusal.message()))
                .orElseGet(() -> new DisplayNameVerdict(true, null, null));
    }
}
