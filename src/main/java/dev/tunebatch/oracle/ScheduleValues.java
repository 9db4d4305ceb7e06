package dev.tunebatch.oracle;

import java.util.Set;

/**
 * The values a scheduling oracle (Hyperband) adds to a trial's hyperparameters to tell the runner how long to train
 * and where to continue from. They describe the schedule, not the model: duplicate detection ignores them. Declared
 * once here, for the oracle that writes them and the runner that reads them.
 */
public final class ScheduleValues {

    /** The epoch to train up to. */
    public static final String EPOCHS = "tuner/epochs";
    /** The epoch to start from (the parent's last epoch, 0 in round 0). */
    public static final String INITIAL_EPOCH = "tuner/initial_epoch";
    /** The bracket being filled when the trial was created. */
    public static final String BRACKET = "tuner/bracket";
    /** The round of the trial in its bracket. */
    public static final String ROUND = "tuner/round";
    /** Promoted trials only: the id of the trial whose checkpoint the trial continues from. */
    public static final String PARENT_TRIAL_ID = "tuner/trial_id";

    /** The values that describe the schedule rather than the model. */
    public static final Set<String> SCHEDULE_ONLY = Set.of(EPOCHS, INITIAL_EPOCH, BRACKET, ROUND);

    private ScheduleValues() {
    }
}
