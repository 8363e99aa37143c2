package org.kidsafe.gateway.web;

import org.kidsafe.gateway.config.GatewaySettings;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The callers' token buckets that every gateway replica shares, in the gateway's own PostgreSQL database (migration
 * V1: table {@code rate_limit_bucket}, function {@code take_tokens}; issue 21 item 1). Blocking JDBC: callers run it off
 * the event loop. A caller's key is stored as its SHA-256 only.
 */
public final class TokenLeases {

    /** Rows deleted per statement, so a sweep after a flood of one-off addresses never holds a long transaction. */
    static final int SWEEP_BATCH = 5_000;

    private final DataSource dataSource;

    public TokenLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one lease brought: {@code granted} tokens, or none and how long until one is back ({@code retryAfter}). */
    public record Lease(int granted, Duration retryAfter) {
    }

    /** Takes up to {@code want} tokens from {@code caller}'s shared bucket. */
    public Lease take(String caller, int want, GatewaySettings.Bucket limits) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement take = connection.prepareStatement(
                     "SELECT granted, wait_millis FROM take_tokens(?, ?, ?, ?)")) {
            take.setBytes(1, hash(caller));
            take.setInt(2, want);
            take.setDouble(3, limits.requestsPerSecond());
            take.setInt(4, limits.burst());
            try (ResultSet row = take.executeQuery()) {
                row.next();
                return new Lease(row.getInt(1), Duration.ofMillis(row.getLong(2)));
            }
        }
    }

    /**
     * Deletes the buckets that have refilled completely: a full bucket is the same as none, so nothing is lost, and no
     * caller's key stays once its bucket is full. Any replica may run it at any time, several at once included. The outer
     * {@code full_at} condition is checked again on a row that a lease updated while the delete waited for its lock.
     *
     * @return the rows deleted
     */
    public int sweep() throws SQLException {
        int deleted = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("""
                     DELETE FROM rate_limit_bucket WHERE full_at < clock_timestamp() AND caller_hash IN (
                         SELECT caller_hash FROM rate_limit_bucket WHERE full_at < clock_timestamp() LIMIT ?)""")) {
            delete.setInt(1, SWEEP_BATCH);
            int batch;
            do {
                batch = delete.executeUpdate();
                deleted += batch;
            } while (batch == SWEEP_BATCH);
        }
        return deleted;
    }

    private static byte[] hash(String caller) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(caller.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
