package org.kidsafe.commons.pool;

/**
 * The one rule for work a service runs on threads of its own, each holding at most one database connection at a time
 * (issue 21 item 3: media-service's erasure worker, the erasure participant's consumer): at most half of the pod's
 * pool ({@code quarkus.datasource.jdbc.max-size}), so the rest of the service keeps the other half. Checked at startup,
 * so a pool too small for the setting stops the service instead of making its work time out waiting for connections.
 */
public final class PoolShare {

    private PoolShare() {
    }

    /**
     * @param key      the setting, named in the refusal
     * @param variable its environment variable, named in the refusal
     * @return the concurrency, when it is at least 1 and at most half of {@code poolSize}
     * @throws IllegalStateException otherwise
     */
    public static int atMostHalfThePool(String key, String variable, int concurrency, int poolSize) {
        return atMostHalfThePool(key, variable, concurrency, 1, poolSize);
    }

    /**
     * As {@link #atMostHalfThePool(String, String, int, int)} for a setting that applies to each of {@code users}
     * (e.g. each of a consumer's channels): together they take at most half of {@code poolSize}.
     */
    public static int atMostHalfThePool(String key, String variable, int concurrency, int users, int poolSize) {
        if (concurrency < 1 || concurrency * users * 2 > poolSize) {
            throw new IllegalStateException(key + " (" + variable + ") is " + concurrency + (users > 1 ? " for each of " + users : "")
                    + "; it must be at least 1 and " + (users > 1 ? "together " : "") + "at most half of quarkus.datasource.jdbc.max-size ("
                    + poolSize + ")");
        }
        return concurrency;
    }
}
