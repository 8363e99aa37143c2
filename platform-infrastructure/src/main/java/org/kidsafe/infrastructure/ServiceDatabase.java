package org.kidsafe.infrastructure;

/**
 * One service's own database and the only role allowed to connect to it.
 *
 * @param database PostgreSQL database name, e.g. {@code consent}
 * @param username the service's login role, e.g. {@code consent_service}
 * @param password that role's password (SCRAM-SHA-256 on the server)
 * @param jdbcUrl  JDBC URL of the database on loopback
 */
public record ServiceDatabase(String database, String username, String password, String jdbcUrl) {

    @Override
    public String toString() {
        return "ServiceDatabase[" + database + " as " + username + " at " + jdbcUrl + "]";
    }
}
