-- Side effects sinks have completed outside the pack, once per svix-id and sink (see SentRecord).
CREATE TABLE sink_sent_record (
    message_id VARCHAR(255) NOT NULL,
    sink       VARCHAR(64)  NOT NULL,
    sent_at    DATETIME(3) NOT NULL,
    reference  VARCHAR(255),
    PRIMARY KEY (message_id, sink)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
