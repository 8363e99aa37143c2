package org.kidsafe.consent.household;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Invitations to become a child's guardian (issue 19 item 4). */
@ConfigMapping(prefix = "kidsafe.households")
public interface HouseholdSettings {

    /** How long an invitation's link can be accepted. */
    @WithDefault("P7D")
    Duration invitationValidity();

    /**
     * At most this many invitations of one child wait at once; a further one answers 409 too-many-invitations, so a
     * guardian (or a stolen token) cannot send KidSafe mail to any number of addresses.
     */
    @WithDefault("5")
    int maxPendingInvitations();
}
