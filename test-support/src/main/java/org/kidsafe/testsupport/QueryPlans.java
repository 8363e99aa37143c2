package org.kidsafe.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that a service's hot query is answered from an index, by PostgreSQL's own plan ({@code EXPLAIN (FORMAT JSON)})
 * for the query with its values bound, as the service sends it (issue 21 item 6). A plan test seeds a realistic number of
 * rows and runs {@code ANALYZE} first: on a few rows the planner rightly prefers reading the table.
 */
public final class QueryPlans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryPlans() {
    }

    /**
     * Asserts that the plan of {@code sql} with these values reads one of {@code indexes} and reads no table whole.
     *
     * @param indexes any one of them will do (where several indexes start with the same column, the planner picks one)
     */
    public static void assertServedBy(Connection connection, List<String> indexes, String sql, Object... values) throws SQLException {
        assertServedBy(connection, indexes, Set.of(), sql, values);
    }

    /**
     * {@link #assertServedBy(Connection, List, String, Object...)}, except that the tables in {@code mayReadWhole} may be
     * read whole: tables of a few rows (the published notices), or a scan the caller states as known, with its reason.
     */
    public static void assertServedBy(Connection connection, List<String> indexes, Set<String> mayReadWhole, String sql,
                                      Object... values) throws SQLException {
        JsonNode plan = explain(connection, sql, values);
        List<String> used = new ArrayList<>();
        List<String> wholeTables = new ArrayList<>();
        collect(plan, used, wholeTables);
        wholeTables.removeAll(mayReadWhole);
        String shown = sql + "\n" + plan.toPrettyString();
        assertTrue(used.stream().anyMatch(indexes::contains), "expected one of " + indexes + " in the plan of\n" + shown);
        assertTrue(wholeTables.isEmpty(), "the plan reads " + wholeTables + " whole:\n" + shown);
    }

    /** The plan's root node. Instants are bound as timestamps, everything else as JDBC objects. */
    public static JsonNode explain(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant instant) {
                    explain.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    explain.setObject(i + 1, values[i]);
                }
            }
            try (ResultSet row = explain.executeQuery()) {
                row.next();
                return JSON.readTree(row.getString(1)).get(0).get("Plan");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("PostgreSQL returned a plan that is not JSON", e);
            }
        }
    }

    private static void collect(JsonNode node, List<String> indexes, List<String> wholeTables) {
        if (node.has("Index Name")) {
            indexes.add(node.get("Index Name").asText());
        }
        if ("Seq Scan".equals(node.path("Node Type").asText())) {
            wholeTables.add(node.path("Relation Name").asText());
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, indexes, wholeTables);
        }
    }
}
