-- The inbox: every verified webhook, once per svix-id, stored before the 2xx.
CREATE TABLE webhook_inbox (
    message_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    event_type    VARCHAR(255) NOT NULL,
    mode          VARCHAR(32),
    api_version   VARCHAR(64),
    -- VARCHAR rather than CLOB: kept in the row, no LOB conversion per insert (H2 caps it at 1 MiB characters)
    body          CHARACTER VARYING(1048576) NOT NULL,
    received_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    status        VARCHAR(32)  NOT NULL,
    -- last time this event was handed to dispatch; recovery re-offers it only after the grace period
    offered_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    dispatched_at TIMESTAMP(3) WITH TIME ZONE
);
CREATE INDEX ix_webhook_inbox_status ON webhook_inbox (status, offered_at);
CREATE INDEX ix_webhook_inbox_type ON webhook_inbox (event_type, received_at);

-- The delivery ledger: one row per event and sink it fans out to.
CREATE TABLE webhook_delivery (
    message_id      VARCHAR(255) NOT NULL,
    sink            VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    last_error      VARCHAR(500),
    next_attempt_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    claimed_by      VARCHAR(100),
    claimed_until   TIMESTAMP(3) WITH TIME ZONE,
    created_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP(3) WITH TIME ZONE,
    PRIMARY KEY (message_id, sink),
    CONSTRAINT fk_webhook_delivery_inbox FOREIGN KEY (message_id) REFERENCES webhook_inbox (message_id) ON DELETE CASCADE
);
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
