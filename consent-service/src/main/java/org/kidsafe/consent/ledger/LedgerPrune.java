package org.kidsafe.consent.ledger;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The ledger's retention (issue 18 item 3): after each migration, entries older than {@code kidsafe.ledger.keep-for}
 * are deleted below the newest signed head whose own entry is that old, with their links (issue 21 item 3) and the heads
 * below it; that head's entry and link stay as the first ones, so the chain remains verifiable from it. It runs where the migration runs, as the owner
 * role: the migration init task before consent-service starts, {@code ./kidsafe ledger prune}, the chart's migration
 * Job and its prune CronJob. The service itself holds no DELETE on the ledger, so it cannot prune (or delete) anything;
 * the append-only triggers (migrations V7, V14) let only the tables' owner delete, and only below a signed head.
 */
public final class LedgerPrune implements Callback {

    private static final Logger LOG = Logger.getLogger(LedgerPrune.class);
    private static final String ANCHOR = """
            SELECT max(h.seq) FROM ledger_head h JOIN ledger_link l ON l.seq = h.seq AND l.hash = h.hash
              JOIN ledger_entry e ON e.id = l.entry_id
             WHERE e.occurred_at < ?""";

    private final Period keepFor;
    private final Clock clock;

    public LedgerPrune(Period keepFor, Clock clock) {
        this.keepFor = keepFor;
        this.clock = clock;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            Pruned pruned = prune(context.getConnection());
            if (pruned.anchorSeq() == null) {
                LOG.infof("Ledger prune: no signed head older than %s, nothing to remove", keepFor);
            } else {
                LOG.infof("Ledger pruned below signed head %d: %d entries and %d heads older than %s", pruned.anchorSeq(),
                        pruned.entries(), pruned.heads(), keepFor);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune the ledger", e);
        }
    }

    /** Deletes what is past the retention below the anchor head (each entry before its link, as the trigger asks); returns what went. */
    public Pruned prune(Connection connection) throws SQLException {
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(keepFor).toInstant();
        Long anchor;
        try (PreparedStatement query = connection.prepareStatement(ANCHOR)) {
            query.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                anchor = row.getObject(1, Long.class);
            }
        }
        if (anchor == null) {
            return new Pruned(null, 0, 0);
        }
        int entries = deleteBelow(connection, "DELETE FROM ledger_entry e USING ledger_link l WHERE l.entry_id = e.id AND l.seq < ?", anchor);
        deleteBelow(connection, "DELETE FROM ledger_link WHERE seq < ?", anchor);
        return new Pruned(anchor, entries, deleteBelow(connection, "DELETE FROM ledger_head WHERE seq < ?", anchor));
    }

    private static int deleteBelow(Connection connection, String delete, long anchor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setLong(1, anchor);
            return statement.executeUpdate();
        }
    }

    @Override
    public String getCallbackName() {
        return "ledger-prune";
    }

    /**
     * @param anchorSeq the signed head the chain is verifiable from after the prune, or null when nothing was old enough
     * @param entries   entries deleted
     * @param heads     signed heads deleted
     */
    public record Pruned(Long anchorSeq, int entries, int heads) {
    }
}
