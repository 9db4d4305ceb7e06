-- LM runtime (issue #5): the response cache shared by every trial and resumed run, and the cost ledger.
-- Keys are SHA-256 hashes of the canonical request (model, messages, schema, sampling parameters, seed);
-- neither table ever holds an endpoint credential.

CREATE TABLE lm_response_cache (
    cache_key      CHAR(64)         PRIMARY KEY,
    model          TEXT             NOT NULL,
    request        JSONB            NOT NULL,
    response_text  TEXT,
    input_tokens   BIGINT           NOT NULL DEFAULT 0,
    output_tokens  BIGINT           NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    hits           BIGINT           NOT NULL DEFAULT 0,
    last_hit_at    TIMESTAMPTZ
);

CREATE INDEX lm_response_cache_model ON lm_response_cache (model);

CREATE TABLE lm_cost_ledger (
    id             BIGSERIAL        PRIMARY KEY,
    run_id         TEXT             NOT NULL,
    trial_id       TEXT             NOT NULL,
    phase          TEXT             NOT NULL CHECK (phase IN ('inference', 'reward', 'optimizer')),
    model          TEXT             NOT NULL,
    endpoint       TEXT             NOT NULL,
    input_tokens   BIGINT           NOT NULL,
    output_tokens  BIGINT           NOT NULL,
    total_tokens   BIGINT           GENERATED ALWAYS AS (input_tokens + output_tokens) STORED,
    cost           DOUBLE PRECISION NOT NULL,
    cached         BOOLEAN          NOT NULL,
    failed         BOOLEAN          NOT NULL,
    attempts       INTEGER          NOT NULL,
    latency_ms     BIGINT           NOT NULL,
    created_at     TIMESTAMPTZ      NOT NULL DEFAULT now()
);

CREATE INDEX lm_cost_ledger_trial ON lm_cost_ledger (run_id, trial_id, phase);
