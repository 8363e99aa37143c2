package org.kidsafe.consent.erasure;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.crypto.signing.ServiceSigningKey;

/**
 * consent-service's public keys as a JWKS, so anyone can verify an erasure receipt: the current key and every retired
 * one still kept, so a receipt signed before a key rotation verifies after it (issue 18 item 4).
 */
@Path("/v1/keys")
@Tag(name = "Erasure", description = "Erasures a parent started, their signed receipts, and the keys that verify them")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class KeysResource {

    private final ServiceSigningKey signingKey;

    KeysResource(ServiceSigningKey signingKey) {
        this.signingKey = signingKey;
    }

    @GET
    @Operation(operationId = "getKeys", summary = "The JWKS (ES256) that verifies erasure receipts")
    public JwkSet keys() {
        return JwkSet.of(signingKey.jwks());
    }
}
