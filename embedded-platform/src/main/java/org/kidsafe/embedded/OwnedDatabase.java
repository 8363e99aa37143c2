package org.kidsafe.embedded;

/**
 * A service database whose schema belongs to a role the service does not hold (issue 18 item 3): {@code owner} owns the
 * database, its schema and every table, and is used only to migrate (and for owner jobs such as the ledger's prune), in
 * a process that exits; {@code runtime} is the service's own login, with only the privileges the owner's migrations
 * grant it. So a stolen runtime credential cannot alter, disable a trigger on, truncate or drop anything.
 *
 * @param owner   the owner's login, e.g. {@code consent_owner}
 * @param runtime the service's login, e.g. {@code consent_service}
 */
public record OwnedDatabase(ServiceDatabase owner, ServiceDatabase runtime) {

    /** The owner role's name for a service database, e.g. {@code consent_owner} for {@code consent}. */
    public static String ownerRoleOf(String database) {
        return database + "_owner";
    }
}
