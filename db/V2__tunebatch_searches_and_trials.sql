-- tunebatch's own state: one row per search (the oracle's state), one per trial, one program checkpoint per trial.
CREATE TABLE tb_search (
    search_name   VARCHAR(200) PRIMARY KEY,
    kind          VARCHAR(40),
    oracle_state  JSONB,
    revision      BIGINT       NOT NULL DEFAULT -1,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE tb_trial (
    search_name   VARCHAR(200) NOT NULL REFERENCES tb_search (search_name) ON DELETE CASCADE,
    trial_id      VARCHAR(40)  NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    score         DOUBLE PRECISION,
    document      JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (search_name, trial_id)
);

CREATE INDEX tb_trial_status ON tb_trial (search_name, status);

CREATE TABLE tb_checkpoint (
    search_name   VARCHAR(200) NOT NULL REFERENCES tb_search (search_name) ON DELETE CASCADE,
    trial_id      VARCHAR(40)  NOT NULL,
    epoch         INTEGER      NOT NULL,
    state         TEXT         NOT NULL,
    history       JSONB        NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (search_name, trial_id)
);

-- Who runs a search now: informational (the exclusive claim itself is a session-level advisory lock that dies
-- with its holder's connection).
CREATE TABLE tb_search_owner (
    search_name   VARCHAR(200) PRIMARY KEY REFERENCES tb_search (search_name) ON DELETE CASCADE,
    owner         VARCHAR(400) NOT NULL,
    claimed_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
