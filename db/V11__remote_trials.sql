-- Remote trial execution (tunebatch.engine.execution=remote): the manager hands each trial's step execution to a
-- worker as a spring-batch-integration StepExecutionRequest, kept in Spring Integration's JDBC channel message store
-- (the PostgreSQL variant of its schema, channel table and sequence only) and announced with LISTEN/NOTIFY.

CREATE SEQUENCE IF NOT EXISTS int_message_seq START WITH 1 INCREMENT BY 1 NO CYCLE;

CREATE TABLE IF NOT EXISTS int_channel_message (
    message_id       CHAR(36)     NOT NULL,
    group_key        CHAR(36)     NOT NULL,
    created_date     BIGINT       NOT NULL,
    message_priority BIGINT,
    message_sequence BIGINT       NOT NULL DEFAULT nextval('int_message_seq'),
    message_content  BYTEA,
    region           VARCHAR(100) NOT NULL,
    CONSTRAINT int_channel_message_pk PRIMARY KEY (region, group_key, created_date, message_sequence)
);

CREATE INDEX IF NOT EXISTS int_channel_msg_delete_idx ON int_channel_message (region, group_key, message_id);

-- Wakes the subscribers (PostgresChannelMessageTableSubscriber) of a group as soon as a message is committed.
CREATE OR REPLACE FUNCTION int_channel_message_notify_fct() RETURNS TRIGGER AS $$
BEGIN
    PERFORM pg_notify('int_channel_message_notify', NEW.region || ' ' || NEW.group_key);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER int_channel_message_notify_trg
    AFTER INSERT ON int_channel_message
    FOR EACH ROW EXECUTE FUNCTION int_channel_message_notify_fct();

-- One row per step execution handed to workers: who took it and when (status, report and meters show the worker of
-- each trial; the backlog — rows not taken — is what a KEDA ScaledObject scales workers on), and whether the manager
-- asked its trial to stop (a stopping manager: the worker stops the trial at its next epoch boundary).
CREATE TABLE tb_trial_dispatch (
    step_execution_id BIGINT      PRIMARY KEY,
    job_execution_id  BIGINT      NOT NULL,
    search_name       TEXT        NOT NULL,
    trial_id          TEXT        NOT NULL,
    dispatched_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    taken_at          TIMESTAMPTZ,
    worker            TEXT,
    stop_requested    BOOLEAN     NOT NULL DEFAULT FALSE
);

CREATE INDEX tb_trial_dispatch_waiting ON tb_trial_dispatch (dispatched_at) WHERE taken_at IS NULL;
CREATE INDEX tb_trial_dispatch_trial ON tb_trial_dispatch (search_name, trial_id);

-- The trials workers are wanted for now: dispatched and waiting for a worker, or running on one (a request of a manager
-- that is gone, or a step that ended, does not count). What a KEDA ScaledObject counts to scale workers, from zero
-- between nights; counting running trials too keeps busy workers from being scaled in.
CREATE VIEW tb_worker_demand AS
SELECT d.step_execution_id, d.search_name, d.trial_id, d.dispatched_at, d.taken_at, d.worker
FROM tb_trial_dispatch d
JOIN batch_step_execution s ON s.step_execution_id = d.step_execution_id
WHERE s.status IN ('STARTING', 'STARTED');
