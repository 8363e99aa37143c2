package org.kidsafe.events.schema;

import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * consent-service asks every service to erase what it holds about a child. Version 2 adds {@code requestedAt}, the
 * moment consent-service started the saga: a category's erasure is only ever started by the parent's revocation of
 * that category, in the revocation's transaction, so consent for those categories ended then. A participant closes
 * them in its own consent projection in the erasure's transaction, whichever of the request and the
 * {@code ConsentRevoked} event (another topic) reaches it first, so no write admitted by a projection that has not yet
 * heard of the revocation outlives the erasure (principle 1; a benchmark met one, docs/performance.md). The moment is
 * the saga's, not the envelope's: a request asked again later (the overdue sweep, a replay) must not close a consent
 * granted anew since. Participants still accept version 1, whose envelope time stands in for it.
 *
 * @param erasureId   the saga's id; every report answers it
 * @param categories  the categories to erase; every category when the whole child is deleted
 * @param requestedAt when consent-service started the saga (the revocation's or the deletion's moment)
 */
@EventSchema(type = "ErasureRequested", version = 2, topic = Topics.ERASURE_REQUESTS)
public record ErasureRequestedV2(UUID erasureId, Set<DataCategory> categories, Instant requestedAt) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(erasureId != null, "erasureId is required");
        ValidatedPayload.require(categories != null && !categories.isEmpty(), "categories must not be empty");
        ValidatedPayload.require(requestedAt != null, "requestedAt is required");
    }

    /** The fields every participant's own erasure reads ({@code ChildDataErasure}), as version 1 names them. */
    public ErasureRequested request() {
        return new ErasureRequested(erasureId, categories);
    }
}
