-- Issue 20 item 4: GET /v1/children/{childId}/toys is paged by keyset in (paired_at, id) order; this index serves each
-- page without reading and sorting all of the child's bindings. It replaces toy_binding_child (child_id), a prefix of it
-- that serves the previous release's queries too during a rolling upgrade.
CREATE INDEX toy_binding_child_paired ON toy_binding (child_id, paired_at, id);
DROP INDEX toy_binding_child;
