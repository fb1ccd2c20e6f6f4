-- Svix-ids refused (401, 503) and not accepted since, so the refusal watch survives a restart.
-- Bounded: the pack keeps at most ops.refusals.capacity rows, the oldest dropped first.
CREATE TABLE webhook_refusal (
    message_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    reason           VARCHAR(64)  NOT NULL,
    first_refused_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    last_refused_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    refusals         INT          NOT NULL
);
CREATE INDEX ix_webhook_refusal_first ON webhook_refusal (first_refused_at);
