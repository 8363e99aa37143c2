-- The erasure replay after a database restore (issue 18 item 1) selects every saga requested since a given instant,
-- page by page in (requested_at, id) order; without this index each page would scan the whole table.
CREATE INDEX erasure_request_requested_at ON erasure_request (requested_at, id);
