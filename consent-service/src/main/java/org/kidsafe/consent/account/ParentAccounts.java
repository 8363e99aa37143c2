package org.kidsafe.consent.account;

import java.util.UUID;

/** Where parents' accounts live (Keycloak): the one thing consent-service does to them is delete one. */
public interface ParentAccounts {

    /**
     * Deletes the parent's account; an account already gone counts as deleted.
     *
     * @throws ParentAccountsUnavailableException when the identity provider is unreachable or refuses
     */
    void delete(UUID parentId);
}
