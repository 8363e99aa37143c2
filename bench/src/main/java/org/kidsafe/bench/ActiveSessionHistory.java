package org.kidsafe.bench;

import org.kidsafe.embedded.Pause;
import org.kidsafe.launcher.Platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Active-session history of the services' databases (issue 21 item 3: where an erasure waits): every {@link #EVERY}
 * a look at {@code pg_stat_activity} of each database, as the service's own role (which sees its own sessions' wait
 * events; no superuser, nothing changed in a service), counting each session that is inside a statement or a
 * transaction by what it waits for. A session seen in one sample stands for the time since the previous sample, so the
 * totals are session-milliseconds. An advisory lock's wait is told apart by its key's shape in {@code pg_locks}
 * (readable by any role): consent-service's ledger lock is {@code pg_advisory_xact_lock(bigint)}, one key; the
 * per-child and per-parent locks (consent projection, consent form, email code) take two int keys.
 */
final class ActiveSessionHistory implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(50);
    /** An advisory lock of one bigint key: in consent-service's database the ledger's (a notice publication's is the other). */
    static final String ONE_KEY_ADVISORY_LOCK = "Lock/advisory (one key)";
    /** An advisory lock of two int keys: per child or per parent, e.g. the consent projection's {@code ChildConsentLock}. */
    static final String TWO_KEY_ADVISORY_LOCK = "Lock/advisory (two keys)";
    /** {@code pg_locks.objsubid} of an advisory lock taken with one bigint key (two int keys give 2). */
    private static final int ONE_BIGINT_KEY = 1;
    /** A session inside a transaction while the service works between statements (e.g. signing under the ledger lock). */
    static final String TRANSACTION_OPEN = "idle in transaction";
    /** A session running a statement without waiting: on a CPU in PostgreSQL. */
    static final String CPU = "CPU";
    private static final String SAMPLE = "SELECT a.state, a.wait_event_type, a.wait_event, (SELECT l.objsubid FROM pg_locks l"
            + " WHERE l.pid = a.pid AND NOT l.granted AND l.locktype = 'advisory' LIMIT 1) FROM pg_stat_activity a"
            + " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state IN ('active', 'idle in transaction')";

    private final Map<String, Connection> databases = new LinkedHashMap<>();
    /** Session-milliseconds by service and wait class; only the sampling thread writes it until {@link #close}. */
    private final Map<String, Map<String, Double>> sessionMs = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int samples;
    private volatile double windowMs;

    private ActiveSessionHistory(Platform platform, List<String> services) throws SQLException {
        for (String service : services) {
            databases.put(service, platform.database(service).connect());
            sessionMs.put(service, new TreeMap<>());
        }
        sampler = new Thread(this::sampleUntilClosed, "bench-active-session-history");
        sampler.setDaemon(true);
    }

    /** Starts sampling the databases of the given services now. */
    static ActiveSessionHistory start(Platform platform, List<String> services) throws SQLException {
        ActiveSessionHistory history = new ActiveSessionHistory(platform, services);
        history.sampler.start();
        return history;
    }

    /**
     * What a session in {@code pg_stat_activity} is doing: {@link #TRANSACTION_OPEN}, {@link #CPU} (active, no wait
     * event), an advisory lock by its key's shape, or its wait as {@code type/event}, e.g. {@code IO/WALSync}.
     *
     * @param advisoryKeyParts {@code pg_locks.objsubid} of the advisory lock the session waits for; null for none
     */
    static String waitClass(String state, String waitEventType, String waitEvent, Integer advisoryKeyParts) {
        if (TRANSACTION_OPEN.equals(state)) {
            return TRANSACTION_OPEN;
        }
        if (waitEventType == null) {
            return CPU;
        }
        if (waitEventType.equals("Lock") && "advisory".equals(waitEvent) && advisoryKeyParts != null) {
            return advisoryKeyParts == ONE_BIGINT_KEY ? ONE_KEY_ADVISORY_LOCK : TWO_KEY_ADVISORY_LOCK;
        }
        return waitEventType + "/" + waitEvent;
    }

    private void sampleUntilClosed() {
        long previous = System.nanoTime();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            for (Connection connection : databases.values()) {
                statements.add(connection.prepareStatement(SAMPLE));
            }
            List<String> services = List.copyOf(databases.keySet());
            while (running) {
                Pause.of(EVERY);
                long now = System.nanoTime();
                double weightMs = (now - previous) / 1e6;
                previous = now;
                for (int i = 0; i < services.size(); i++) {
                    Map<String, Double> byClass = sessionMs.get(services.get(i));
                    try (ResultSet sessions = statements.get(i).executeQuery()) {
                        while (sessions.next()) {
                            byClass.merge(waitClass(sessions.getString(1), sessions.getString(2), sessions.getString(3),
                                    sessions.getObject(4, Integer.class)), weightMs, Double::sum);
                        }
                    }
                }
                samples++;
                windowMs += weightMs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Sampling pg_stat_activity failed", e);
        } finally {
            for (PreparedStatement statement : statements) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // Closing anyway: the connection goes next.
                }
            }
        }
    }

    /** Stops sampling; the totals are final afterwards. */
    @Override
    public void close() throws InterruptedException, SQLException {
        running = false;
        sampler.join(5_000);
        for (Connection connection : databases.values()) {
            connection.close();
        }
    }

    /** Session-milliseconds by service (its database) and wait class; read after {@link #close}. */
    Map<String, Map<String, Double>> sessionMs() {
        return sessionMs;
    }

    int samples() {
        return samples;
    }

    double windowMs() {
        return windowMs;
    }
}
