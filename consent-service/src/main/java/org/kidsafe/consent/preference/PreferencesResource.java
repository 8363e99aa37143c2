package org.kidsafe.consent.preference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

@Path("/v1/me/preferences")
@Tag(name = "Account", description = "Your KidSafe account")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class PreferencesResource {

    private final ParentLanguages languages;
    private final Caller caller;

    PreferencesResource(ParentLanguages languages, Caller caller) {
        this.languages = languages;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getPreferences", summary = "Your preferences: the language KidSafe writes to you in")
    @APIResponse(responseCode = "200", description = "Your preferences; language null when you have not chosen one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesView.class)))
    public PreferencesView preferences() {
        return languages.preferences(caller.parentId());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putPreferences", summary = "Choose the language of the notice, your mails and the privacy center",
            description = "\"en\" or \"es\"; null follows your browser's Accept-Language, then English.")
    @APIResponse(responseCode = "200", description = "Your preferences as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesView.class)))
    @APIResponse(responseCode = "400", description = "A language other than en, es or null")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = "{\"language\":\"es\"}")))
    public PreferencesView choose(@Valid @NotNull PreferencesView wanted) {
        return languages.choose(caller.parentId(), wanted);
    }
}
