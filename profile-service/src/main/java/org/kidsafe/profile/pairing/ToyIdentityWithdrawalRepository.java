package org.kidsafe.profile.pairing;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.leases.LeasedRowRepository;

import java.util.UUID;

/** Claims come from {@link LeasedRowRepository}, the one home of the due-row queries (shared with consent-service). */
@ApplicationScoped
public class ToyIdentityWithdrawalRepository implements LeasedRowRepository<ToyIdentityWithdrawal, UUID> {
}
