package org.kidsafe.consent.preference;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class ParentPreferenceRepository implements PanacheRepositoryBase<ParentPreference, UUID> {
}
