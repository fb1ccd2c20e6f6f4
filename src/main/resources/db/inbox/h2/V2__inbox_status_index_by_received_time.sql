-- Events waiting for dispatch, oldest first: serves the inbox recovery (status = 'received' ORDER BY
-- received_at) and the inbox lag gauge (MIN(received_at)) from the index alone. offered_at leaves the
-- index, so a recovery claim (which only moves offered_at) no longer rewrites an index entry.
DROP INDEX ix_webhook_inbox_status;
CREATE INDEX ix_webhook_inbox_status ON webhook_inbox (status, received_at);
