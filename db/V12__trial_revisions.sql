-- Incremental reloads: a process that holds a search at revision R reads only the trials saved after R. Every save
-- stamps the trials it writes with the revision it stores; rows written before this migration keep -1 and are read
-- by complete loads only. A search cleared and stored afresh gets a new incarnation, so a process that knew the old
-- one loads everything.
ALTER TABLE tb_trial ADD COLUMN revision BIGINT NOT NULL DEFAULT -1;

CREATE INDEX tb_trial_revision ON tb_trial (search_name, revision);

ALTER TABLE tb_search ADD COLUMN incarnation BIGINT GENERATED ALWAYS AS IDENTITY;
