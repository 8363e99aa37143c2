-- Issue 21 item 1: rate limits that hold across gateway replicas. One token bucket per caller, shared by every
-- replica; a replica takes a few tokens at a time (a lease) and spends them in memory (web/SharedRateLimiter).
-- The caller's key (token subject or client address) is stored only as its SHA-256, and only until its bucket is
-- full again (full_at; web/TokenLeases sweeps full buckets, which are the same as no bucket).
CREATE TABLE rate_limit_bucket (
    caller_hash bytea PRIMARY KEY,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL,
    full_at timestamptz NOT NULL
);

CREATE INDEX rate_limit_bucket_full_at ON rate_limit_bucket (full_at);

-- Takes up to p_want tokens from the caller's bucket (p_per_second refill, p_burst capacity), in one round trip and
-- under the row's lock, so replicas never hand out the same token twice. Time is the database's: the replicas' clocks
-- may differ. granted = 0 comes with wait_millis, the time until one token is back.
CREATE FUNCTION take_tokens(p_caller bytea, p_want integer, p_per_second double precision, p_burst integer,
                            OUT granted integer, OUT wait_millis bigint)
    LANGUAGE plpgsql AS
$$
DECLARE
    stored_tokens double precision;
    stored_at timestamptz;
    now_at timestamptz;
    available double precision;
BEGIN
    -- A new caller gets a full bucket; an existing row is locked by the no-op update. One statement, so a concurrent
    -- sweep cannot delete the row between finding and locking it.
    INSERT INTO rate_limit_bucket AS bucket (caller_hash, tokens, refilled_at, full_at)
    VALUES (p_caller, p_burst, clock_timestamp(), clock_timestamp())
    ON CONFLICT (caller_hash) DO UPDATE SET caller_hash = bucket.caller_hash
    RETURNING bucket.tokens, bucket.refilled_at INTO stored_tokens, stored_at;
    now_at := clock_timestamp();
    available := LEAST(p_burst::double precision,
                       stored_tokens + p_per_second * GREATEST(0, EXTRACT(EPOCH FROM now_at - stored_at)::double precision));
    granted := GREATEST(0, LEAST(p_want, FLOOR(available)::integer));
    available := available - granted;
    UPDATE rate_limit_bucket
    SET tokens = available,
        refilled_at = now_at,
        full_at = now_at + make_interval(secs => (p_burst - available) / p_per_second)
    WHERE caller_hash = p_caller;
    wait_millis := CASE WHEN granted > 0 THEN 0 ELSE CEIL((1 - available) / p_per_second * 1000)::bigint END;
END
$$;
