package org.kidsafe.profile.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.profile.domain.ChildKey;

import java.util.UUID;

@ApplicationScoped
public class ChildKeyRepository implements PanacheRepositoryBase<ChildKey, UUID> {
}
