-- Side effects sinks have completed outside the pack, once per svix-id and sink (see SentRecord).
CREATE TABLE sink_sent_record (
    message_id VARCHAR(255) NOT NULL,
    sink       VARCHAR(64)  NOT NULL,
    sent_at    TIMESTAMPTZ(3) NOT NULL,
    reference  VARCHAR(255),
    PRIMARY KEY (message_id, sink)
);
