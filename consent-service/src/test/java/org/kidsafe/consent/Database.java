package org.kidsafe.consent;

import org.kidsafe.infrastructure.RealInfrastructure;
import org.kidsafe.infrastructure.ServiceDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Raw JDBC straight into consent-service's database, to check what really is (or is no longer) stored. */
final class Database {

    private Database() {
    }

    /** As the service's own role. */
    static Connection asService() throws SQLException {
        ServiceDatabase database = RealInfrastructure.shared().database("consent");
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    /** As the PostgreSQL superuser: an attacker or operator who bypasses the application. */
    static Connection asSuperuser() throws SQLException {
        return DriverManager.getConnection(RealInfrastructure.shared().postgres().jdbcUrl("consent"), "postgres", "");
    }

    static long count(String sql, Object... parameters) {
        try (Connection connection = asService(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
