package org.kidsafe.consent.replay;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

/**
 * The operator's replay of erasures after a database restore (issue 18 item 1; {@code ./kidsafe erasures replay}).
 * Only the role {@value Caller#ERASURE_OPERATOR}, which only the service account of Keycloak's
 * {@code kidsafe-erasure-operator} client holds; the gateway routes no path here, so the operator reaches consent-service
 * directly (locally on its port, in Kubernetes through {@code kubectl port-forward}: deploy/README.md, "Restoring a backup").
 */
@Path("/v1/admin/erasure-replays")
@Tag(name = "Operations", description = "For erasure operators: replaying erasures after a restore")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ERASURE_OPERATOR)
public class ErasureReplayResource {

    private final ErasureReplayService replays;

    ErasureReplayResource(ErasureReplayService replays) {
        this.replays = replays;
    }

    @POST
    @Operation(operationId = "replayErasures", summary = "Announce again every erasure requested since an instant, so every service erases again after a restore")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"since\":\"2026-01-31T00:00:00Z\"}")))
    public ErasureReplayView replay(@Valid @NotNull ErasureReplayRequest request) {
        return replays.replaySince(request.since());
    }
}
