package org.kidsafe.gateway.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.holdings.ExportDocument;
import org.kidsafe.commons.holdings.Holding;

import java.util.List;
import java.util.UUID;

/** The shape of the gateway's combined answers, for the OpenAPI document. */
@Schema(name = "AggregatedDocument")
public record AggregatedDocument(
        UUID childId,
        @Schema(description = "True if at least one service could not be reached; its entry has available=false.")
        boolean partial,
        List<Section> services) {

    @Schema(name = "AggregatedSection")
    public record Section(
            @Schema(example = "media-service") String service,
            boolean available,
            @Schema(description = "Holdings only: the service's holdings entries.") List<Holding> holdings,
            @Schema(description = "Export only: the service's own export document (service, childId, then its own sections).") ExportDocument data) {
    }
}
