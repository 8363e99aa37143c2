package org.kidsafe.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Statements with bound parameters for tests that seed or read a service's database past the service, as migration
 * tests do with a previous release's rows (principle 4 holds in tests too: no value is spliced into the SQL). An
 * {@link Instant} is bound as a {@link Timestamp}.
 */
public final class BoundSql {

    private BoundSql() {
    }

    /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
    public static int execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = bind(connection, sql, values)) {
            return statement.executeUpdate();
        }
    }

    /** Runs a query; closing the result set closes its statement. */
    public static ResultSet query(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = bind(connection, sql, values);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private static PreparedStatement bind(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
        }
        return statement;
    }
}
