package org.kidsafe.gateway.review;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.commons.web.RequestIds;

import java.util.UUID;

@Path("/api/v1/children/{childId}")
@Tag(name = "Parents' review", description = "What KidSafe holds about a child, across all services (COPPA §312.6).")
public class ChildDataResource {

    private final ChildDataAggregator aggregator;

    ChildDataResource(ChildDataAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @GET
    @Path("/holdings")
    @RolesAllowed(Caller.PARENT)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getChildHoldings", summary = "What every service holds about your child",
            description = "One entry per service with categories, counts, oldest/newest and retention. A service that "
                    + "cannot be reached is listed with available=false and the answer has partial=true.")
    @APIResponse(responseCode = "200", description = "Holdings per service",
            content = @Content(schema = @Schema(implementation = AggregatedDocument.class)))
    @APIResponse(responseCode = "404", description = "No such child of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No service could be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> holdings(@PathParam("childId") UUID childId,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  @HeaderParam(RequestIds.HEADER) String requestId) {
        return aggregator.holdings(childId, authorization, requestId);
    }

    @GET
    @Path("/export")
    @RolesAllowed(Caller.PARENT)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exportChildData", summary = "Everything KidSafe holds about your child, as one JSON document",
            description = "One section per service with the data itself (media as metadata and a download path). A "
                    + "service that cannot be reached is listed with available=false and the answer has partial=true.")
    @APIResponse(responseCode = "200", description = "The export, one section per service",
            content = @Content(schema = @Schema(implementation = AggregatedDocument.class)))
    @APIResponse(responseCode = "404", description = "No such child of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No service could be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> export(@PathParam("childId") UUID childId,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @HeaderParam(RequestIds.HEADER) String requestId) {
        return aggregator.export(childId, authorization, requestId)
                .map(response -> response.getStatus() == 200
                        ? Response.fromResponse(response)
                                .header("Content-Disposition", "attachment; filename=\"kidsafe-export-" + childId + ".json\"")
                                .build()
                        : response);
    }
}
