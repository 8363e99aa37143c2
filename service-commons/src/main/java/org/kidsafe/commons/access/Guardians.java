package org.kidsafe.commons.access;

import java.util.Set;
import java.util.UUID;

/**
 * Who may act for a child as a parent, as this service knows it: consent-service from its own
 * {@code child} table, every other service from its consent projection. A set, because a child may
 * have more than one guardian; each service provides exactly one implementation.
 */
public interface Guardians {

    /** The child's guardians (parent account ids); empty when this service does not know the child. */
    Set<UUID> guardiansOf(UUID childId);
}
