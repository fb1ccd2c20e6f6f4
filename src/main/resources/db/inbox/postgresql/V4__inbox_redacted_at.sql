-- When retention replaced the body by its redacted form: the row is then a tombstone that
-- keeps a late resend a duplicate until retention.tombstone-days (docs/privacy.md).
ALTER TABLE webhook_inbox ADD COLUMN redacted_at TIMESTAMPTZ(3);
