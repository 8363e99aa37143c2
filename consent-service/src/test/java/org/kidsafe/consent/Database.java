package org.kidsafe.consent;

import org.kidsafe.testsupport.RealInfrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Raw JDBC straight into consent-service's database, to check what really is (or is no longer) stored. */
final class Database {

    private Database() {
    }

    /** As the service's own (runtime) role. */
    static Connection asService() throws SQLException {
        return RealInfrastructure.shared().database("consent").connect();
    }

    /** As the owner role, which owns the schema and runs the migrations (issue 18 item 3); the service never holds it. */
    static Connection asOwner() throws SQLException {
        return RealInfrastructure.shared().ownedDatabase("consent").owner().connect();
    }

    /** As the PostgreSQL superuser: an attacker or operator who bypasses the application. */
    static Connection asSuperuser() throws SQLException {
        return DriverManager.getConnection(RealInfrastructure.shared().postgres().jdbcUrl("consent"), "postgres", "");
    }

    /** The first column of the first row as text, or null, as the service's own role. */
    static String text(String sql, Object... parameters) throws SQLException {
        try (Connection connection = asService(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** The first column of the first row as a UUID, as the service's own role. */
    static UUID uuid(String sql, Object... parameters) throws SQLException {
        return UUID.fromString(text(sql, parameters));
    }

    static long count(String sql, Object... parameters) {
        return RealInfrastructure.shared().database("consent").count(sql, parameters);
    }
}
