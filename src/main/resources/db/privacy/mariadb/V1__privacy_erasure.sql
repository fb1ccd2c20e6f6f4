-- One row per erasure of a person's data (docs/privacy.md): what was asked, when, by whom, and how much changed.
-- No personal data: the subject is the pseudonymous YunoJuno freelancer id.
CREATE TABLE privacy_erasure (
    erasure_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    freelancer_id   VARCHAR(255) NOT NULL,
    erased_at       DATETIME(3) NOT NULL,
    requested_by    VARCHAR(255) NOT NULL,
    inbox_events    INT NOT NULL,
    ledger_errors   INT NOT NULL,
    outbox_files    INT NOT NULL,
    hris_rows       INT NOT NULL
);
