package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * One service finished its part of an erasure saga, reported on that service's own topic
 * ({@code kidsafe.<service>.erasure-reports}). Version 1, still accepted: services now publish
 * {@link ErasureCompletedV3}, whose report states each store's time to unreadable (since version 2) and the
 * participant's hops of the saga.
 *
 * @param erasureId    the saga this answers
 * @param service      the reporting service, e.g. {@code media-service}
 * @param signedReport the service's erasure report as a compact JWS it signed
 */
@EventSchema(type = "ErasureCompleted", version = 1, topic = EventSchema.EACH_PARTICIPANTS_OWN)
public record ErasureCompleted(UUID erasureId, String service, String signedReport) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(erasureId != null, "erasureId is required");
        ValidatedPayload.require(service != null && !service.isBlank(), "service is required");
        ValidatedPayload.require(signedReport != null && !signedReport.isBlank(), "signedReport is required");
    }
}
