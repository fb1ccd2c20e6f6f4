-- HR database tables written by the hris sink. A public interface for HR systems: see docs/hris.md.

-- One row per client contact (contractor relationship): the latest lifecycle state and custom fields.
CREATE TABLE contractor_onboarding (
    client_contact_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    freelancer_id      VARCHAR(255),
    registration_state VARCHAR(255),
    onboarding_state   VARCHAR(255),
    bookability_state  VARCHAR(255),
    custom_fields      CLOB,
    directory_url      VARCHAR(1000),
    last_event_type    VARCHAR(255) NOT NULL,
    last_message_id    VARCHAR(255) NOT NULL,
    updated_at         TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- One row per client-contact event the sink took, late ones included.
CREATE TABLE contractor_onboarding_event (
    message_id         VARCHAR(255) NOT NULL PRIMARY KEY,
    client_contact_id  VARCHAR(255) NOT NULL,
    event_type         VARCHAR(255) NOT NULL,
    registration_state VARCHAR(255),
    onboarding_state   VARCHAR(255),
    bookability_state  VARCHAR(255),
    outcome            VARCHAR(16)  NOT NULL,
    received_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    recorded_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_contractor_onboarding_event_contact ON contractor_onboarding_event (client_contact_id, received_at);

-- One row per custom field touched by a client.client_contact.custom_fields_updated event.
CREATE TABLE contractor_custom_field_change (
    client_contact_id VARCHAR(255) NOT NULL,
    message_id        VARCHAR(255) NOT NULL,
    field_name        VARCHAR(255) NOT NULL,
    old_value         CLOB,
    new_value         CLOB,
    received_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, field_name)
);
CREATE INDEX ix_contractor_custom_field_change_contact ON contractor_custom_field_change (client_contact_id, received_at);

-- One row per contract: the latest lifecycle state and terms.
CREATE TABLE contract_record (
    contract_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    client_contact_id VARCHAR(255),
    freelancer_id     VARCHAR(255),
    freelancer_name   VARCHAR(1000),
    freelancer_email  VARCHAR(1000),
    title             VARCHAR(1000),
    job_title         VARCHAR(1000),
    status            VARCHAR(255) NOT NULL,
    start_date        DATE,
    end_date          DATE,
    actual_end_date   DATE,
    rate_value        DECIMAL(19, 2),
    rate_currency     VARCHAR(255),
    rate_unit         VARCHAR(255),
    work_location     VARCHAR(255),
    work_time_type    VARCHAR(255),
    spend_request_id  VARCHAR(255),
    last_message_id   VARCHAR(255) NOT NULL,
    updated_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_contract_record_contact ON contract_record (client_contact_id);

-- One row per contract event the sink took, late ones included.
CREATE TABLE contract_event (
    message_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    contract_id VARCHAR(255) NOT NULL,
    event_type  VARCHAR(255) NOT NULL,
    status      VARCHAR(255),
    outcome     VARCHAR(16)  NOT NULL,
    received_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_contract_event_contract ON contract_event (contract_id, received_at);

-- One row per custom field touched by a client.contract.custom_fields_updated event.
CREATE TABLE contract_custom_field_change (
    contract_id VARCHAR(255) NOT NULL,
    message_id  VARCHAR(255) NOT NULL,
    field_name  VARCHAR(255) NOT NULL,
    old_value   CLOB,
    new_value   CLOB,
    received_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, field_name)
);
CREATE INDEX ix_contract_custom_field_change_contract ON contract_custom_field_change (contract_id, received_at);
