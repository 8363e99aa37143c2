package org.kidsafe.consent.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.holdings.ChildDataExport;
import org.kidsafe.commons.holdings.Holdings;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consent.domain.Child;
import org.kidsafe.consent.domain.ErasureRequest;
import org.kidsafe.consent.service.ChildService;
import org.kidsafe.consent.service.ConsentService;
import org.kidsafe.consent.service.ErasureService;
import org.kidsafe.consent.service.HoldingsService;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/v1/children")
@Tag(name = "Children")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ChildResource {

    private final ChildService children;
    private final ConsentService consents;
    private final HoldingsService holdings;
    private final Caller caller;

    ChildResource(ChildService children, ConsentService consents, HoldingsService holdings, Caller caller) {
        this.children = children;
        this.consents = consents;
        this.holdings = holdings;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Register a child", description = "No body and no personal information: the child is an opaque id.")
    @APIResponse(responseCode = "201", description = "The new child's id")
    public Response register() {
        Child child = children.register(caller.parentId());
        return Response.created(URI.create("/v1/children/" + child.id)).entity(new Registered(child.id, child.createdAt)).build();
    }

    @GET
    @Operation(summary = "Your children, with the consent state of every category")
    public List<ChildView> list() {
        return children.listForParent(caller.parentId()).stream().map(ChildView::of).toList();
    }

    @DELETE
    @Path("/{childId}")
    @Operation(summary = "Delete your child and everything every service holds about them",
            description = "Every consent ends at once; follow the erasure at the Location for its signed receipt.")
    @APIResponse(responseCode = "202", description = "Erasure started")
    @APIResponse(responseCode = "404", description = "No such child of yours")
    public Response erase(@PathParam("childId") UUID childId) {
        ErasureRequest request = consents.eraseChild(caller.parentId(), childId);
        return Response.accepted(new ConsentResource.ErasureStarted(request.id)).location(URI.create("/v1/erasures/" + request.id)).build();
    }

    @GET
    @Path("/{childId}/holdings")
    @Operation(summary = "What consent-service holds about your child, by category and kind")
    public Holdings holdings(@PathParam("childId") UUID childId) {
        return new Holdings(ErasureService.SELF, holdings.holdings(caller.parentId(), childId));
    }

    @GET
    @Path("/{childId}/export")
    @Operation(summary = "Everything consent-service holds about your child, as JSON")
    public ExportView export(@PathParam("childId") UUID childId) {
        HoldingsService.Export export = holdings.export(caller.parentId(), childId);
        return new ExportView(ErasureService.SELF, export.childId(), export.registeredAt(), export.consents().stream().map(ConsentView::of).toList(),
                export.erasures().stream().map(request -> ErasureView.of(request, null)).toList());
    }

    public record Registered(UUID childId, Instant createdAt) {
    }

    /** consent-service's sections of the shared export contract: the registration, consents and erasures. */
    public record ExportView(String service, UUID childId, Instant registeredAt, List<ConsentView> consents, List<ErasureView> erasures)
            implements ChildDataExport {
    }
}
