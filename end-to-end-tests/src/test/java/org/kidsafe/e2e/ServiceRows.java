package org.kidsafe.e2e;

import org.kidsafe.infrastructure.ServiceDatabase;
import org.kidsafe.infrastructure.platform.Platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Counts rows straight in a service's own database (bind parameters only), to see what really was written. */
final class ServiceRows {

    private ServiceRows() {
    }

    static long count(String service, String query, Object... parameters) {
        ServiceDatabase database = RunningPlatform.get().database(service);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count rows in " + service + "'s database", e);
        }
    }

    /** Audit ledger entries of one type about one child. */
    static long ledgerEntriesOfChild(String type, UUID childId) {
        return count(Platform.CONSENT, "SELECT count(*) FROM ledger_entry WHERE type = ? AND child_id = ?", type, childId);
    }

    /** Audit ledger entries of one type whose details name the given id (an erasure's, say). */
    static long ledgerEntriesMentioning(String type, UUID id) {
        return count(Platform.CONSENT, "SELECT count(*) FROM ledger_entry WHERE type = ? AND details LIKE ?", type, "%" + id + "%");
    }
}
