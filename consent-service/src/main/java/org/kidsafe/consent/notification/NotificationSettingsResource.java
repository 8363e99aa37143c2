package org.kidsafe.consent.notification;

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

/** The parent's notification choices (issue 19 item 8): the weekly retention digest can be turned off. */
@Path("/v1/me/notifications")
@Tag(name = "Account", description = "Your KidSafe account")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class NotificationSettingsResource {

    private final ParentNotifications notifications;
    private final Caller caller;

    NotificationSettingsResource(ParentNotifications notifications, Caller caller) {
        this.notifications = notifications;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getNotificationSettings", summary = "Your notification choices",
            description = "retentionDigest is true until you turn it off. Mails about erasures and toys are always sent.")
    @APIResponse(responseCode = "200", description = "Your choices, or the defaults",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationSettingsView.class)))
    public NotificationSettingsView get() {
        return notifications.settingsOf(caller.parentId());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putNotificationSettings", summary = "Keep your notification choices",
            description = "retentionDigest false stops the weekly email listing your children's data about to reach its retention limit.")
    @APIResponse(responseCode = "200", description = "Your choices as kept",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationSettingsView.class)))
    @APIResponse(responseCode = "400", description = "retentionDigest missing or not a boolean")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NotificationSettingsRequest.class),
            examples = @ExampleObject(name = "example", value = "{\"retentionDigest\":false}")))
    public NotificationSettingsView put(@Valid @NotNull NotificationSettingsRequest request) {
        return notifications.update(caller.parentId(), request.retentionDigest());
    }
}
