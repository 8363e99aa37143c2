package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.ValidatedPayload;

import java.util.UUID;

/**
 * One service finished its part of an erasure saga, reported on that service's own topic
 * ({@code kidsafe.<service>.erasure-reports}). Version 2 (issue 18 item 1): the signed report's claims carry
 * {@code stores}, each store's two moments ({@link ErasureReport.Store}): T1, when its live copy became unreadable,
 * and T2, when its backups and WAL did. The fields are those of version 1, which consent-service still accepts (a
 * report of the previous release, waiting on a topic or a dead-letter topic, states no stores). Still accepted itself:
 * services now publish {@link ErasureCompletedV3}, whose report also states the participant's hops.
 *
 * @param erasureId    the saga this answers
 * @param service      the reporting service, e.g. {@code media-service}
 * @param signedReport the service's erasure report as a compact JWS it signed, claims with {@code stores}
 */
@EventSchema(type = "ErasureCompleted", version = 2, topic = EventSchema.EACH_PARTICIPANTS_OWN)
public record ErasureCompletedV2(UUID erasureId, String service, String signedReport) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(erasureId != null, "erasureId is required");
        ValidatedPayload.require(service != null && !service.isBlank(), "service is required");
        ValidatedPayload.require(signedReport != null && !signedReport.isBlank(), "signedReport is required");
    }
}
