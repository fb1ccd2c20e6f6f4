-- What a sink wrote when the delivery succeeded (HR table and key, Message-ID, document id and HTTP status...), as
-- JSON, for the event view's audit trail. Ids and counts only: no personal data.
ALTER TABLE webhook_delivery ADD COLUMN written VARCHAR(1000);
