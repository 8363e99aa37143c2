package org.kidsafe.gateway.privacycenter;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The one thing the privacy center's static page cannot know by itself: where parents sign in. Not part of the
 * public API (the page uses /api/v1 like the mobile apps), so it is left out of the OpenAPI document.
 */
@Path(PrivacyCenterPages.ROOT + "config.json")
public class PrivacyCenterResource {

    private final PrivacyCenterSettings config;

    PrivacyCenterResource(PrivacyCenterSettings config) {
        this.config = config;
    }

    public record SignInSettings(String issuer, String clientId) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public SignInSettings settings() {
        return new SignInSettings(config.issuer().toString(), config.clientId());
    }
}
