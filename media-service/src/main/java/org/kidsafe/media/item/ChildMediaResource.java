package org.kidsafe.media.item;

import org.kidsafe.media.sanitize.MediaKind;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.media.item.ChatRequest;
import org.kidsafe.media.item.ChatService;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * A parent's view of their own child's media: list, view, download, delete, chat to the toy. Review and export of
 * everything held are {@link org.kidsafe.media.review.ParentReviewResource}.
 */
@Path("/v1/children/{childId}")
@Tag(name = "Child media", description = "For the child's parent only (role parent); any other caller gets 404 as for an unknown child.")
@Produces(MediaType.APPLICATION_JSON)
public class ChildMediaResource {

    private final MediaService media;
    private final ChatService chat;

    ChildMediaResource(MediaService media, ChatService chat) {
        this.media = media;
        this.chat = chat;
    }

    @POST
    @Path("/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "sendChatToToy", summary = "Send a chat message to the child's toy")
    @APIResponse(responseCode = "201", description = "Queued for the toy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaItemView.class)))
    @APIResponse(responseCode = "403", description = "No consent for CHAT")
    @APIResponse(responseCode = "404", description = "Unknown child, or not yours")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"text\":\"Good night, sleep well!\"}")))
    public Response sendToChild(@PathParam("childId") UUID childId, @Valid @NotNull ChatRequest request) {
        MediaItem item = chat.toChild(childId, request.text());
        ItemDetails details = media.get(childId, item.id);
        return Response.created(URI.create(MediaItemView.contentPath(item).replace("/content", ""))).entity(MediaItemView.of(details)).build();
    }

    @GET
    @Path("/media")
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "listMedia", summary = "List the child's photos, voice clips and chat messages, one page at a time",
            description = "Optionally only one category: PHOTOS, VOICE or CHAT. Oldest first (by storedAt, then id); "
                    + "follow `next` until it is null.")
    @APIResponse(responseCode = "200", description = "One page of items, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor, invalid-limit or invalid-category")
    @APIResponse(responseCode = "404", description = "Unknown child, or not yours")
    public MediaPage list(@PathParam("childId") UUID childId,
                          @QueryParam("category") @Parameter(description = "PHOTOS, VOICE or CHAT; absent for all") String category,
                          @BeanParam PageParameters page) {
        return MediaPage.of(media.list(childId, category, page.request()).map(MediaItemView::of));
    }

    @GET
    @Path("/media/{itemId}")
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "getMedia", summary = "One item's metadata (and a chat message's text)")
    @APIResponse(responseCode = "200", description = "The item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaItemView.class)))
    @APIResponse(responseCode = "404", description = "Unknown child or item, or not yours")
    public MediaItemView get(@PathParam("childId") UUID childId, @PathParam("itemId") UUID itemId) {
        return MediaItemView.of(media.get(childId, itemId));
    }

    @GET
    @Path("/media/{itemId}/content")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "getMediaContent", summary = "Download an item's content", description = "Supports a single HTTP byte range (206 Partial Content with Content-Range).")
    @APIResponse(responseCode = "200", description = "The whole content",
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            headers = @Header(name = "Accept-Ranges", description = "bytes", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "206", description = "The requested range",
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            headers = @Header(name = "Content-Range", description = "The bytes returned, e.g. bytes 0-1023/52731", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown child or item, or not yours")
    @APIResponse(responseCode = "416", description = "The range lies outside the content")
    public Response content(@PathParam("childId") UUID childId, @PathParam("itemId") UUID itemId, @HeaderParam("Range") String range) {
        ItemDetails details = media.get(childId, itemId);
        MediaItem item = details.item();
        if (item.kind == MediaKind.CHAT) {
            if (details.text() == null) {
                throw ProblemException.notFound("media item");
            }
            return Response.ok(details.text().getBytes(StandardCharsets.UTF_8), item.contentType).build();
        }
        Optional<ByteRange> requested;
        try {
            requested = ByteRange.parse(range, item.sizeBytes);
        } catch (ByteRange.Unsatisfiable e) {
            return e.toResponse();
        }
        ByteRange served = requested.orElse(new ByteRange(0, item.sizeBytes - 1));
        InputStream content = media.openContent(item, served.first(), served.last());
        StreamingOutput body = out -> {
            try (InputStream in = content) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = requested.isPresent()
                ? Response.status(206).header("Content-Range", served.contentRange(item.sizeBytes))
                : Response.ok();
        return response.entity(body)
                .type(item.contentType)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, Math.max(0, served.length()))
                .build();
    }

    @DELETE
    // Answers nothing or a problem: a client generated from the contract accepts only problem+json here (issue 20 item 3).
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/media/{itemId}")
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "deleteMedia", summary = "Delete one item now")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "Unknown child or item, or not yours")
    public void delete(@PathParam("childId") UUID childId, @PathParam("itemId") UUID itemId) throws IOException {
        media.delete(childId, itemId);
    }
}
