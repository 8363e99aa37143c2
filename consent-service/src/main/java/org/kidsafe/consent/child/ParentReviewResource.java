package org.kidsafe.consent.child;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.holdings.ChildDataExport;
import org.kidsafe.commons.holdings.Holdings;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consent.consent.ConsentView;
import org.kidsafe.consent.erasure.ErasureView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The parent's review of what consent-service holds about their child (16 CFR 312.6): holdings and export. */
@Path("/v1/children")
@Tag(name = "Children", description = "A parent's children: registration, listing and deletion")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ParentReviewResource {

    private final ParentReviewService review;
    private final Caller caller;
    /** The holdings contract's {@code service}: {@code quarkus.application.name}, the one source of the name. */
    private final String service;

    ParentReviewResource(ParentReviewService review, Caller caller, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.review = review;
        this.caller = caller;
        this.service = service;
    }

    @GET
    @Path("/{childId}/holdings")
    @Operation(operationId = "getConsentHoldings", summary = "What consent-service holds about your child, by category and kind")
    public Holdings holdings(@PathParam("childId") UUID childId) {
        return new Holdings(service, review.holdings(caller.parentId(), childId));
    }

    @GET
    @Path("/{childId}/export")
    @Operation(operationId = "exportConsentData", summary = "Everything consent-service holds about your child, as JSON")
    public ExportView export(@PathParam("childId") UUID childId) {
        ParentReviewService.Export export = review.export(caller.parentId(), childId);
        return new ExportView(service, export.childId(), export.registeredAt(), export.consents().stream().map(ConsentView::of).toList(),
                export.erasures().stream().map(request -> ErasureView.of(request, null)).toList());
    }

    /** consent-service's sections of the shared export contract: the registration, consents and erasures. */
    public record ExportView(String service, UUID childId, Instant registeredAt, List<ConsentView> consents, List<ErasureView> erasures)
            implements ChildDataExport {
    }
}
