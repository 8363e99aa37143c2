-- Every list of a child's items is read one page at a time, by keyset in the order (stored_at, id) (issue 20 item 4).
-- media_item_child (child_id, category, stored_at) serves the list of one category; the list of all categories and
-- the toy's inbox of undelivered messages get their own, so a page costs the same however many items precede it.
-- The inbox's is partial: only the parent's messages not yet fetched, a handful per child at any time.
CREATE INDEX media_item_child_page ON media_item (child_id, stored_at, id);
CREATE INDEX media_item_inbox ON media_item (child_id, stored_at, id)
    WHERE chat_direction = 'TO_CHILD' AND delivered_at IS NULL;
