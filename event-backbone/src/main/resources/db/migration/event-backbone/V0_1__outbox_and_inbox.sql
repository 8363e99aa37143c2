-- The transactional outbox: written in the same transaction as the state change it announces,
-- published to Kafka in position order by OutboxRelay, then deleted.
CREATE TABLE outbox_event (
    id          uuid PRIMARY KEY,
    position    bigserial NOT NULL UNIQUE,
    topic       varchar(200) NOT NULL,
    record_key  varchar(100) NOT NULL,
    event_type  varchar(100) NOT NULL,
    envelope    text NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL
);

-- The idempotent inbox: one row per event a consumer has applied, written in the same
-- transaction as the effect, so a redelivered event has no second effect.
CREATE TABLE consumed_message (
    event_id    uuid NOT NULL,
    consumer    varchar(100) NOT NULL,
    event_type  varchar(100) NOT NULL,
    consumed_at timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (event_id, consumer)
);
