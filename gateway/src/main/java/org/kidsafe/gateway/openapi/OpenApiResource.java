package org.kidsafe.gateway.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/openapi")
@Tag(name = "API description", description = "This OpenAPI document")
public class OpenApiResource {

    private final OpenApiCatalog catalog;

    OpenApiResource(OpenApiCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getApiDocument", summary = "The whole KidSafe API as one OpenAPI document",
            description = "Merged from every service's own document, with gateway paths. Services that could not be "
                    + "asked are listed under x-kidsafe-unavailable.")
    @APIResponse(responseCode = "200", description = "OpenAPI 3 document")
    public Uni<ObjectNode> document() {
        return catalog.merged();
    }
}
