package org.kidsafe.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One service's own database and the only role allowed to connect to it.
 *
 * @param database PostgreSQL database name, e.g. {@code consent}
 * @param username the service's login role, e.g. {@code consent_service}
 * @param password that role's password (SCRAM-SHA-256 on the server)
 * @param jdbcUrl  JDBC URL of the database on loopback
 */
public record ServiceDatabase(String database, String username, String password, String jdbcUrl) {

    /** A connection as the service's own role: what the service itself, or a thief of its credentials, can see. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** The single number a {@code SELECT count(*) ...} query answers as the service's role; tests check what is stored with it. */
    public long count(String query, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count rows in " + this, e);
        }
    }

    @Override
    public String toString() {
        return "ServiceDatabase[" + database + " as " + username + " at " + jdbcUrl + "]";
    }
}
