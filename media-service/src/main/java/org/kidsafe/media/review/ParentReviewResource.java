package org.kidsafe.media.review;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.holdings.Holdings;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.media.item.MediaItemView;

import java.time.Clock;
import java.util.UUID;

/**
 * Parent review (16 CFR 312.6): what media-service holds about the child and an export of it. Same name and paths
 * as in profile-service; the tag stays "Child media", where these operations were documented before.
 */
@Path("/v1/children/{childId}")
@Tag(name = "Child media", description = "For the child's parent only (role parent); any other caller gets 404 as for an unknown child.")
@Produces(MediaType.APPLICATION_JSON)
public class ParentReviewResource {

    private final ParentReviewService review;
    private final Clock clock;
    private final String service;

    ParentReviewResource(ParentReviewService review, Clock clock,
                         @ConfigProperty(name = "quarkus.application.name") String service) {
        this.review = review;
        this.clock = clock;
        this.service = service;
    }

    @GET
    @Path("/holdings")
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "getMediaHoldings", summary = "What media-service holds about the child (parent review, 16 CFR 312.6)")
    @APIResponse(responseCode = "200", description = "What is held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Holdings.class)))
    @APIResponse(responseCode = "404", description = "Unknown child, or not yours")
    public Holdings holdings(@PathParam("childId") UUID childId) {
        return new Holdings(service, review.holdings(childId));
    }

    @GET
    @Path("/export")
    @RolesAllowed(Caller.PARENT)
    @Operation(operationId = "exportMediaData", summary = "Export everything media-service holds about the child", description = "Metadata and chat text; each item has a download path.")
    @APIResponse(responseCode = "200", description = "The data",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "404", description = "Unknown child, or not yours")
    public ExportView export(@PathParam("childId") UUID childId) {
        return new ExportView(service, childId, clock.instant(), review.export(childId).stream().map(MediaItemView::of).toList());
    }
}
