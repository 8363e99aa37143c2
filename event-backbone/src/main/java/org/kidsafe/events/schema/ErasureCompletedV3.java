package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * One service finished its part of an erasure saga, reported on that service's own topic
 * ({@code kidsafe.<service>.erasure-reports}). Version 3 (issue 22 item 2): the signed report's claims also carry the
 * participant's own moments of the saga, {@code receivedAt} (its consumer took the request) and {@code bytesGoneAt}
 * (its records and files were deleted), so that the time from the parent's request to the receipt can be broken down
 * hop by hop. The fields are those of versions 1 and 2, which consent-service still accepts (reports of the previous
 * releases, waiting on a topic or a dead-letter topic, state fewer moments).
 *
 * @param erasureId    the saga this answers
 * @param service      the reporting service, e.g. {@code media-service}
 * @param signedReport the service's erasure report as a compact JWS it signed, claims with {@code stores},
 *                     {@code receivedAt} and {@code bytesGoneAt}
 */
@EventSchema(type = "ErasureCompleted", version = 3, topic = EventSchema.EACH_PARTICIPANTS_OWN)
public record ErasureCompletedV3(UUID erasureId, String service, String signedReport) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(erasureId != null, "erasureId is required");
        ValidatedPayload.require(service != null && !service.isBlank(), "service is required");
        ValidatedPayload.require(signedReport != null && !signedReport.isBlank(), "signedReport is required");
    }
}
