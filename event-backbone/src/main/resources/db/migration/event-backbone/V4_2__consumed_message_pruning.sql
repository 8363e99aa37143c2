-- Issue 18 item 5: consumed_message rows are pruned once older than the topic retention (InboxPruning, in batches
-- ordered by consumed_at); this index keeps each batch from scanning the whole inbox.
CREATE INDEX consumed_message_consumed_at ON consumed_message (consumed_at);
