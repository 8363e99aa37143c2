package org.kidsafe.gateway.review;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.commons.web.RequestIds;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/children/{childId}")
@Tag(name = "Parents' review", description = "What KidSafe holds about a child, across all services (COPPA §312.6).")
public class ChildDataResource {

    static final String ZIP = "application/zip";

    private final ChildDataAggregator aggregator;
    private final ExportArchive archive;

    ChildDataResource(ChildDataAggregator aggregator, ExportArchive archive) {
        this.aggregator = aggregator;
        this.archive = archive;
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
        return aggregator.holdings(childId, authorization, requestId).map(document -> Response.ok(document).build());
    }

    /** The export as JSON; the ZIP of {@link #exportArchive} is the same operation, chosen by {@code Accept}. */
    @GET
    @Path("/export")
    @RolesAllowed(Caller.PARENT)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exportChildData", summary = "Everything KidSafe holds about your child, as one JSON document or a ZIP",
            description = "One section per service with the data itself (media as metadata and a download path). A "
                    + "service that cannot be reached is listed with available=false and the answer has partial=true. "
                    + "With Accept: application/zip the answer is a ZIP, streamed: export.json (this document), then every "
                    + "photo, voice clip and chat message decrypted, as media/<kind>/<itemId>.<ext>; an item that could "
                    + "not be included is listed in a last entry, missing.json. An archive that breaks off while it is "
                    + "sent is cut off (the connection closes before the archive's directory), never ended as if complete.")
    @APIResponse(responseCode = "200", description = "The export, one section per service (JSON), or the ZIP",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AggregatedDocument.class)),
                    @Content(mediaType = ZIP, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "404", description = "No such child of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "Accept names neither application/json nor application/zip",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No service could be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> export(@PathParam("childId") UUID childId,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @HeaderParam(RequestIds.HEADER) String requestId,
                                @Context HttpHeaders request) {
        // With two methods on this path, Quarkus REST hands a request that accepts neither to the first one.
        if (request.getAcceptableMediaTypes().stream().noneMatch(MediaType.APPLICATION_JSON_TYPE::isCompatible)) {
            throw new ProblemException(406, "not-acceptable", "Not Acceptable",
                    "No acceptable representation; ask for application/json or application/zip.");
        }
        return aggregator.export(childId, authorization, requestId)
                .map(document -> Response.ok(document).header("Content-Disposition", attachment(childId, "json")).build());
    }

    /**
     * The export as a ZIP (issue 19 item 7), documented under {@link #export}. The document is gathered first, so a
     * refusal or a 503 is still a problem answer; then the archive streams ({@link ExportArchive}).
     */
    @GET
    @Path("/export")
    @RolesAllowed(Caller.PARENT)
    @Produces(ZIP)
    @Operation(hidden = true)
    public Multi<Buffer> exportArchive(@PathParam("childId") UUID childId,
                                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                       @HeaderParam(RequestIds.HEADER) String requestId) {
        return RestMulti.fromUniResponse(aggregator.export(childId, authorization, requestId),
                document -> archive.stream(childId, document, authorization, requestId),
                document -> Map.of("Content-Disposition", List.of(attachment(childId, "zip"))));
    }

    /** A service's own refusal (not this parent's child), relayed unchanged. */
    @ServerExceptionMapper
    Response refused(ServiceRefusal refusal) {
        return Response.status(refusal.status()).type(Problem.MEDIA_TYPE).entity(refusal.problem()).build();
    }

    private static String attachment(UUID childId, String extension) {
        return "attachment; filename=\"kidsafe-export-" + childId + "." + extension + "\"";
    }
}
