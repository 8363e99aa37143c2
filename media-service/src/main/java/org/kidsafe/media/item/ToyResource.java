package org.kidsafe.media.item;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.media.item.MediaItem;
import org.kidsafe.media.item.ChatService;
import org.kidsafe.media.item.MediaService;
import org.kidsafe.media.item.ItemDetails;
import org.kidsafe.media.config.Retention;
import org.kidsafe.media.item.ChatRequest;
import org.kidsafe.media.item.MediaItemView;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.OptionalLong;

/** What a paired toy does: upload photos and voice clips, send the child's chat, fetch the parent's messages. */
@Path("/v1")
@Tag(name = "Toys", description = "Endpoints for a paired toy (role toy); the toy acts only for the child its token names.")
@Produces(MediaType.APPLICATION_JSON)
public class ToyResource {

    private final MediaService media;
    private final ChatService chat;
    private final Retention retention;
    private final Caller caller;

    ToyResource(MediaService media, ChatService chat, Retention retention, Caller caller) {
        this.media = media;
        this.chat = chat;
        this.retention = retention;
        this.caller = caller;
    }

    @POST
    @Path("/media")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.TOY)
    @Operation(operationId = "uploadMedia", summary = "Upload a photo (JPEG, PNG) or voice clip (Ogg/Opus, WAV)",
            description = "Raw bytes as the body; the type is read from the content, not the Content-Type header. "
                    + "Photo metadata (location, camera, comments, thumbnails) is removed before storage.")
    @RequestBody(required = true, description = "The file's bytes", content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "audio/ogg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaItemView.class)))
    @APIResponse(responseCode = "403", description = "No consent for the category, or the toy is not paired with the child")
    @APIResponse(responseCode = "413", description = "Larger than the limit for its type")
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG, Ogg/Opus or WAV file")
    @APIResponse(responseCode = "422", description = "Corrupt or truncated file, or an image with too many pixels")
    // Content-Length is read for the early 413 but is the HTTP stack's header, not an API parameter: documented, every
    // generated client offered it as an argument, and java.net.http refuses to send it (issue 20 item 3).
    public Response upload(InputStream body,
                           @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength) throws IOException {
        OptionalLong declared = contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
        MediaItem item = media.upload(caller.toyChildId(), caller.toyDeviceId(), body, declared);
        return created(item);
    }

    @POST
    @Path("/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.TOY)
    @Operation(operationId = "sendChatFromToy", summary = "Send a chat message from the child",
            description = "Phone numbers, e-mail addresses, street addresses and links are masked before the message is stored or delivered.")
    @APIResponse(responseCode = "201", description = "Stored (possibly masked)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaItemView.class)))
    @APIResponse(responseCode = "403", description = "No consent for CHAT, or the toy is not paired with the child")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"text\":\"I built a tower today!\"}")))
    public Response send(@Valid @NotNull ChatRequest request) {
        MediaItem item = chat.fromChild(caller.toyChildId(), caller.toyDeviceId(), request.text());
        return created(item);
    }

    @GET
    @Path("/chat/inbox")
    @RolesAllowed(Caller.TOY)
    @Operation(operationId = "getChatInbox", summary = "Fetch the parent's messages not yet delivered to this child's toys, one page at a time",
            description = "Oldest first (by sentAt, then id); the returned messages are marked delivered and never come again. "
                    + "Follow `next` until it is null; the next poll starts without `after`.")
    @APIResponse(responseCode = "200", description = "One page of messages, oldest first; they are marked delivered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor or invalid-limit")
    @APIResponse(responseCode = "403", description = "The toy is not paired with the child")
    public ChatPage inbox(@BeanParam PageParameters page) {
        return ChatPage.of(chat.inbox(caller.toyChildId(), caller.toyDeviceId(), page.request()));
    }

    private Response created(MediaItem item) {
        MediaItemView view = MediaItemView.of(new ItemDetails(item, null, retention.expiresAt(item.category, item.storedAt)));
        return Response.created(URI.create(view.contentPath().replace("/content", ""))).entity(view).build();
    }
}
