package org.kidsafe.consent.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.consent.domain.ConsentRecord;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consent.service.ConsentService;

import java.net.URI;
import java.util.UUID;

@Path("/v1/children/{childId}/consents")
@Tag(name = "Consent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsentResource {

    /** Until parents verify (consent issue), a grant carries the lowest assurance level. */
    private static final int UNVERIFIED = 0;

    private final ConsentService consents;
    private final Caller caller;

    ConsentResource(ConsentService consents, Caller caller) {
        this.consents = consents;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.PARENT)
    @Operation(summary = "Grant consent for one data category of a child")
    public Response grant(@PathParam("childId") UUID childId, @Valid @NotNull GrantConsentRequest request) {
        ConsentRecord consent = consents.grant(caller.parentId(), childId, request.category(), request.noticeVersion(), UNVERIFIED);
        return Response.created(URI.create("/v1/children/" + childId + "/consents/" + consent.id))
                .entity(ConsentView.of(consent))
                .build();
    }
}
