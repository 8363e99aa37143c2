package org.kidsafe.consent.account;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.leases.LeasedRowRepository;

import java.util.UUID;

/** Claims come from {@link LeasedRowRepository}, the one home of the due-row queries (shared with profile-service). */
@ApplicationScoped
public class AccountDeletionRepository implements LeasedRowRepository<AccountDeletion, UUID> {
}
