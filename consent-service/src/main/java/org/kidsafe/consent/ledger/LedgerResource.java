package org.kidsafe.consent.ledger;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;

import java.util.List;

@Path("/v1/ledger")
@Tag(name = "Compliance", description = "For compliance officers: consent-form review and the audit ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private static final int MAX_HEADS = 100;

    private final Ledger ledger;
    private final LedgerHeads heads;

    LedgerResource(Ledger ledger, LedgerHeads heads) {
        this.ledger = ledger;
        this.heads = heads;
    }

    @GET
    @Path("/verification")
    @RolesAllowed(Caller.COMPLIANCE_OFFICER)
    @Operation(operationId = "verifyLedger", summary = "Recompute the audit ledger's hash chain from the last signed checkpoint and name the first entry that was edited, removed or inserted")
    public Ledger.Verification verify() {
        return ledger.verify(List.of());
    }

    @POST
    @Path("/verification")
    @RolesAllowed(Caller.COMPLIANCE_OFFICER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyLedgerWithHeads", summary = "Verify the chain as GET does, and that it still contains every signed head sent (heads kept from GET /v1/ledger/head)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"heads\":[\"eyJhbGciOiJFUzI1NiIsImtpZCI6ImNvbnNlbnQtc2VydmljZS0xIn0.eyJzZXEiOjQyfQ.c2ln\"]}")))
    public Ledger.Verification verifyWithHeads(LedgerVerificationRequest request) {
        if (request == null || request.heads() == null || request.heads().isEmpty() || request.heads().size() > MAX_HEADS) {
            throw new ProblemException(400, "ledger-heads-required", "Signed heads required",
                    "Send {\"heads\": [...]} with 1 to " + MAX_HEADS + " heads from GET /v1/ledger/head");
        }
        return ledger.verify(request.heads());
    }

    /**
     * Public, like the JWKS that verifies it: a head holds a sequence number, a hash and a time, no personal data, and its
     * worth is that anyone can keep one and later show a rewrite.
     */
    @GET
    @Path("/head")
    @PermitAll
    @Operation(operationId = "getLedgerHead", summary = "The latest signed head of the audit ledger (sequence, hash, time; ES256 JWS verifiable with GET /v1/keys)")
    public LedgerHeadView head() {
        return heads.latest();
    }
}
