-- Optimistic locking of the erasure saga (issue 18 item 6): the overdue sweep and a late report both update
-- erasure_request, and the later commit of a stale copy used to overwrite the other. Hibernate now checks and
-- increments this version on every update. Existing sagas start at 0.
ALTER TABLE erasure_request ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE erasure_request ALTER COLUMN version DROP DEFAULT;
