package org.kidsafe.events.schema;

import org.kidsafe.events.EventSchema;
import org.kidsafe.events.Topics;
import org.kidsafe.events.ValidatedPayload;

import java.util.Set;
import java.util.UUID;

/**
 * The child's guardians are now exactly these parents (issue 19 item 4): sent when the child is registered, when an
 * invited guardian accepts, and when a guardian is removed or leaves. The whole set every time, so a replayed or
 * duplicated event changes nothing and the newest set wins; every service's consent projection keeps it and lets only
 * these parents act for the child. The child is the envelope's aggregate.
 *
 * @param guardians the guardians' opaque identity-provider subjects, never empty (the last guardian cannot be removed)
 */
@EventSchema(type = "ChildGuardiansChanged", version = 1, topic = Topics.CONSENT)
public record ChildGuardiansChanged(Set<UUID> guardians) implements ValidatedPayload {

    @Override
    public void validate() {
        ValidatedPayload.require(guardians != null && !guardians.isEmpty() && !guardians.contains(null),
                "guardians must name at least one parent");
    }
}
