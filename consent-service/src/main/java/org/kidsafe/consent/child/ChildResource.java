package org.kidsafe.consent.child;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consent.consent.ConsentResource;
import org.kidsafe.consent.erasure.ErasureRequest;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

@Path("/v1/children")
@Tag(name = "Children", description = "A parent's children: registration, listing and deletion")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ChildResource {

    private final ChildService children;
    private final ChildDeletionService deletion;
    private final Caller caller;

    ChildResource(ChildService children, ChildDeletionService deletion, Caller caller) {
        this.children = children;
        this.deletion = deletion;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "registerChild", summary = "Register a child", description = "No body and no personal information: the child is an opaque id.")
    @APIResponse(responseCode = "201", description = "The new child's id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Registered.class)))
    @APIResponse(responseCode = "409", description = "leaving: you asked to leave KidSafe (DELETE /v1/me)")
    public Response register() {
        Child child = children.register(caller.parentId());
        return Response.created(URI.create("/v1/children/" + child.id)).entity(new Registered(child.id, child.createdAt)).build();
    }

    @GET
    @Operation(operationId = "listChildren", summary = "Your children, with the consent state of every category",
            description = "Paged, oldest registration first (registration time, then id); follow `next` until it is null.")
    @APIResponse(responseCode = "200", description = "One page of your children",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChildPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor (an `after` this API did not return) or invalid-limit")
    public ChildPage list(@BeanParam PageParameters page) {
        return ChildPage.of(children.listForParent(caller.parentId(), page.request()).map(ChildView::of));
    }

    @DELETE
    @Path("/{childId}")
    @Operation(operationId = "deleteChild", summary = "Delete your child and everything every service holds about them",
            description = "Every consent ends at once; follow the erasure at the Location for its signed receipt.")
    @APIResponse(responseCode = "202", description = "Erasure started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentResource.ErasureStarted.class)))
    @APIResponse(responseCode = "404", description = "No such child of yours")
    public Response erase(@PathParam("childId") UUID childId) {
        ErasureRequest request = deletion.erase(caller.parentId(), childId);
        return Response.accepted(new ConsentResource.ErasureStarted(request.id)).location(URI.create("/v1/erasures/" + request.id)).build();
    }

    public record Registered(UUID childId, Instant createdAt) {
    }
}
