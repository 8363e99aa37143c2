package org.kidsafe.consent.ledger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

@Path("/v1/ledger")
@Tag(name = "Compliance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.COMPLIANCE_OFFICER)
public class LedgerResource {

    private final Ledger ledger;

    LedgerResource(Ledger ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("/verification")
    @Operation(summary = "Recompute the audit ledger's hash chain and name the first entry that was edited, removed or inserted")
    public Ledger.Verification verify() {
        return ledger.verify();
    }
}
