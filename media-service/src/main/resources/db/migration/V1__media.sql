-- Each child's data key, only ever stored wrapped by the key-encryption key (KEK) named by kek_id.
-- Deleting the row makes every photo, clip and chat message of the child unreadable at once.
CREATE TABLE child_data_key (
    child_id    uuid PRIMARY KEY,
    kek_id      varchar(100) NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL
);

-- Photos, voice clips and chat messages. Content is encrypted under the child's data key: media
-- in the blob store, chat text in chat_ciphertext. Nothing here is readable without the key.
CREATE TABLE media_item (
    id              uuid PRIMARY KEY,
    child_id        uuid NOT NULL,
    category        varchar(20) NOT NULL,
    kind            varchar(20) NOT NULL,
    content_type    varchar(100) NOT NULL,
    size_bytes      bigint NOT NULL,
    stored_at       timestamp(6) with time zone NOT NULL,
    device_id       varchar(200),
    blob_key        varchar(300),
    chat_direction  varchar(20),
    chat_ciphertext bytea,
    masked_kinds    varchar(200),
    delivered_at    timestamp(6) with time zone
);
CREATE INDEX media_item_child ON media_item (child_id, category, stored_at);
CREATE INDEX media_item_retention ON media_item (category, stored_at);

-- Which toy devices are paired to which child (profile-service's ToyPaired/ToyUnpaired); newest change wins.
CREATE TABLE paired_device (
    device_id  varchar(200) PRIMARY KEY,
    child_id   uuid NOT NULL,
    paired     boolean NOT NULL,
    changed_at timestamp(6) with time zone NOT NULL
);

-- One erasure request and its progress, so a crash between steps resumes instead of forgetting.
CREATE TABLE erasure_job (
    erasure_id     uuid PRIMARY KEY,
    child_id       uuid NOT NULL,
    categories     varchar(200) NOT NULL,
    requested_at   timestamp(6) with time zone NOT NULL,
    key_destroyed  boolean NOT NULL,
    unreadable_at  timestamp(6) with time zone,
    erased_counts  varchar(1000) NOT NULL,
    completed_at   timestamp(6) with time zone
);
CREATE INDEX erasure_job_pending ON erasure_job (completed_at) WHERE completed_at IS NULL;
