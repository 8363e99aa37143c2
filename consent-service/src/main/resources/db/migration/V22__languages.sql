-- Issue 19 item 10: English and Spanish. (V20 and V21 are other branches'.)
--
-- A notice version holds the same notice in both languages, each text with its own SHA-256: the English text stays the
-- reference (content_hash, as before), the Spanish one is text_es / content_hash_es. A version is identified by both
-- hashes, so a new Spanish wording of an unchanged English text is a new version, never an edit of a stored one. Rows of
-- before have NULL: they were published in English only, and the first start of this release publishes the same English
-- text with its Spanish translation as the next version.
ALTER TABLE notice ADD COLUMN text_es text;
ALTER TABLE notice ADD COLUMN content_hash_es varchar(64);
ALTER TABLE notice DROP CONSTRAINT notice_content_hash_key;
ALTER TABLE notice ADD CONSTRAINT notice_content_hashes UNIQUE (content_hash, content_hash_es);

-- The language of the notice actually mailed, next to the version and hash that name it (the hash is that language's
-- text's). NULL on rows of before: only English was sent then, or nothing was sent. Nullable, so the previous release,
-- still running during a rolling upgrade, writes its rows unchanged (and it sends English only).
ALTER TABLE email_challenge ADD COLUMN notice_language varchar(8);
ALTER TABLE consent_form ADD COLUMN notice_language varchar(8);
ALTER TABLE parent_verification ADD COLUMN notice_language varchar(8);
ALTER TABLE consent_record ADD COLUMN notice_language varchar(8);

-- A parent's own settings: the language KidSafe writes to them in; NULL follows the browser's Accept-Language.
CREATE TABLE parent_preference (
    parent_id  uuid PRIMARY KEY,
    language   varchar(8),
    updated_at timestamp(6) with time zone NOT NULL
);
