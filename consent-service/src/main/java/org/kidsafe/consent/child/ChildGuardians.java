package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.Guardians;

import java.util.Set;
import java.util.UUID;

/**
 * A child's guardians from consent-service's own {@code child} table, the source of truth the other
 * services' consent projections are fed from. Today a child has one parent.
 */
@ApplicationScoped
public class ChildGuardians implements Guardians {

    private final ChildRepository children;

    ChildGuardians(ChildRepository children) {
        this.children = children;
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<UUID> guardiansOf(UUID childId) {
        return children.findByIdOptional(childId).map(child -> Set.of(child.parentId)).orElse(Set.of());
    }
}
