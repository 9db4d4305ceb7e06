package dev.tunebatch.results;

/**
 * The tables, columns and JSON paths of a stored search, named once for every query of {@link StoredSearches}: a
 * search is a row of {@code tb_search} (its oracle's state as JSON), a trial a row of {@code tb_trial} (its document as
 * JSON). Expressions are written for a query that reads one table unaliased.
 */
final class StoredColumns {

    static final String SEARCH_TABLE = "tb_search";
    static final String TRIAL_TABLE = "tb_trial";

    static final String SEARCH_NAME = "search_name";
    static final String KIND = "kind";
    static final String ORACLE_STATE = "oracle_state";
    /** A search whose oracle has stored its state (a row without it was only created). */
    static final String STORED = ORACLE_STATE + " is not null";

    static final String OBJECTIVE = ORACLE_STATE + "->'objective'";
    static final String OBJECTIVE_NAME = OBJECTIVE + "->>'name'";
    /** Whether the objective is maximised; a state without a direction minimises. */
    static final String MAXIMIZE = "coalesce(" + OBJECTIVE + "->>'direction', 'min') = 'max'";
    static final String SPACE = ORACLE_STATE + "->'hyperparameters'->'space'";
    /** The oracle's best expected scores, {@code [[trial id, score], ...]} best first. */
    static final String EXPECTED_BEST = ORACLE_STATE + "->'expected_best'";
    static final String BUDGET = ORACLE_STATE + "->'controls'->'budget'";

    static final String TRIAL_ID = "trial_id";
    static final String STATUS = "status";
    /** The objective's value (the mean over the trial's executions); null until it completes. */
    static final String SCORE = "score";
    static final String DOCUMENT = "document";
    static final String UPDATED_AT = "updated_at";

    static final String VALUES = DOCUMENT + "->'hyperparameters'->'values'";
    static final String METRICS = DOCUMENT + "->'metrics'";
    static final String SCORE_SD = "(" + DOCUMENT + "->>'score_sd')::float8";
    static final String EXECUTIONS = "coalesce(jsonb_array_length(" + DOCUMENT + "->'executions'), 1)";
    static final String RUN_COUNT = "coalesce((" + DOCUMENT + "->>'run_count')::int, 0)";
    static final String STARTED_AT = DOCUMENT + "->>'started_at'";
    static final String ENDED_AT = DOCUMENT + "->>'ended_at'";
    static final String MESSAGE = DOCUMENT + "->>'message'";

    /** Creation order: trial ids are numbers as text, so the shorter id is the older. */
    static final String CREATION_ORDER = "length(" + TRIAL_ID + "), " + TRIAL_ID;

    static final String COMPLETED = "'COMPLETED'";
    static final String RUNNING = "'RUNNING'";

    /** Spring Batch runs trial {@code <id>} as step {@code trial-<id>} of a job whose {@code search} parameter names it. */
    static final String TRIAL_STEP_PREFIX = "'trial-'";
    static final String SEARCH_PARAMETER = "'search'";
    static final String RUN_PARAMETER = "'run'";

    private StoredColumns() {
    }
}
