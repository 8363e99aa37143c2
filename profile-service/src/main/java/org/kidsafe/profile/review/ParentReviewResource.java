package org.kidsafe.profile.review;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.holdings.Holdings;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.profile.pairing.ToyView;
import org.kidsafe.profile.profile.ProfileView;

import java.util.UUID;

@Path("/v1/children/{childId}")
@Tag(name = "Parent review", description = "What the service holds about a child (16 CFR 312.6)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ParentReviewResource {

    private final ParentReviewService review;
    private final Caller caller;
    private final String service;

    ParentReviewResource(ParentReviewService review, Caller caller, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.review = review;
        this.caller = caller;
        this.service = service;
    }

    @GET
    @Path("/holdings")
    @Operation(operationId = "getProfileHoldings", summary = "Kinds of data held about the child, with counts, dates and retention")
    @APIResponse(responseCode = "200", description = "The holdings")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    public Holdings holdings(@PathParam("childId") UUID childId) {
        return new Holdings(service, review.holdings(caller.parentId(), childId));
    }

    @GET
    @Path("/export")
    @Operation(operationId = "exportProfileData", summary = "Export everything held about the child")
    @APIResponse(responseCode = "200", description = "The data")
    @APIResponse(responseCode = "404", description = "No such child of this parent")
    public ExportView export(@PathParam("childId") UUID childId) {
        ChildExport held = review.export(caller.parentId(), childId);
        return new ExportView(service, childId, held.profile().map(ProfileView::of).orElse(null),
                held.toys().stream().map(ToyView::of).toList(),
                held.pairingCodes().stream().map(ExportView.PairingCodeRecord::of).toList());
    }
}
