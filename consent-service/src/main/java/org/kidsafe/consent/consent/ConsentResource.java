package org.kidsafe.consent.consent;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.events.DataCategory;

import java.net.URI;
import java.util.UUID;

@Path("/v1/children/{childId}/consents")
@Tag(name = "Consent", description = "A parent's consent per data category of their child")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class ConsentResource {

    private final ConsentService consents;
    private final Caller caller;

    ConsentResource(ConsentService consents, Caller caller) {
        this.consents = consents;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "grantConsent", summary = "Grant consent for one data category of your child",
            description = "noticeVersion must be the current notice (GET /v1/notices/current). The category must be unlocked by a"
                    + " verification you passed; THIRD_PARTY_DISCLOSURE needs a signed consent form. The consent names the notice"
                    + " emailed to you with that verification (noticeVersion, noticeHash, noticeSentAt), which may be an earlier"
                    + " version; noticeSentAt is null where that verification mailed none.")
    @APIResponse(responseCode = "201", description = "Consent recorded and announced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentView.class)))
    @APIResponse(responseCode = "403", description = "verification-required: requiredVerification names the methods that would suffice")
    @APIResponse(responseCode = "404", description = "No such child of yours")
    @APIResponse(responseCode = "409", description = "Already granted, or notice-outdated")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"category\":\"PROFILE\",\"noticeVersion\":1}")))
    public Response grant(@PathParam("childId") UUID childId, @Valid @NotNull GrantConsentRequest request) {
        ConsentRecord consent = consents.grant(caller.parentId(), childId, request.category(), request.noticeVersion());
        return Response.created(URI.create("/v1/children/" + childId + "/consents"))
                .entity(ConsentView.of(consent))
                .build();
    }

    @GET
    @Operation(operationId = "listConsents", summary = "Every consent given for your child, including revoked ones",
            description = "Paged, oldest grant first (grant time, then id); follow `next` until it is null.")
    @APIResponse(responseCode = "200", description = "One page of the child's consent history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor (an `after` this API did not return) or invalid-limit")
    @APIResponse(responseCode = "404", description = "No such child of yours")
    public ConsentPage list(@PathParam("childId") UUID childId,
            @BeanParam PageParameters page) {
        return ConsentPage.of(consents.listForChild(caller.parentId(), childId, page.request()).map(ConsentView::of));
    }

    @DELETE
    @Path("/{category}")
    @Operation(operationId = "revokeConsent", summary = "Revoke consent for one category",
            description = "Collection stops at once in every service and what was collected in this category is erased; follow"
                    + " the erasure at the Location for its signed receipt.")
    @APIResponse(responseCode = "202", description = "Revoked; erasure started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureStarted.class)))
    @APIResponse(responseCode = "404", description = "No such child of yours, or no active consent for the category")
    public Response revoke(@PathParam("childId") UUID childId, @PathParam("category") DataCategory category) {
        UUID erasureId = consents.revoke(caller.parentId(), childId, category);
        return Response.accepted(new ErasureStarted(erasureId)).location(URI.create("/v1/erasures/" + erasureId)).build();
    }

    /** Where to follow an erasure. */
    public record ErasureStarted(UUID erasureId) {
    }
}
