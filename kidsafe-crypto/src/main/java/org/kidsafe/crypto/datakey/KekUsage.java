package org.kidsafe.crypto.datakey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which KEKs still wrap a live data key, asked of a service's database over plain JDBC, for tools outside the service
 * (the launcher's {@code ./kidsafe rotate <service> --retire-keks}); inside a service ask {@link DataKeys#kekIdsInUse}.
 * A KEK not in the answer may be retired (issue 18 item 1).
 */
public final class KekUsage {

    private static final String IN_USE = "SELECT DISTINCT kek_id FROM data_key WHERE destroyed_at IS NULL";

    private KekUsage() {
    }

    /** The KEK ids of the live keys in {@code data_key}, or none if the database has no such table yet. */
    public static Set<String> inUse(Connection database) throws SQLException {
        Set<String> ids = new TreeSet<>();
        if (!hasDataKeyTable(database)) {
            return ids;
        }
        try (PreparedStatement query = database.prepareStatement(IN_USE); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static boolean hasDataKeyTable(Connection database) throws SQLException {
        try (PreparedStatement query = database.prepareStatement("SELECT to_regclass('data_key') IS NOT NULL");
             ResultSet rows = query.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }
}
