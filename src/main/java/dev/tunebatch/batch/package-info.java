/**
 * The Spring Batch engine: a search is a job instance (identified by the search's name and a run key), each trial
 * its own step execution {@code trial-<id>}. {@code SearchJob} opens the search ({@code SearchStores}, the one place a
 * store is created) and hands its trials to the core's {@code TrialDriver} with {@code TrialSteps}: the engine's one
 * contribution to a trial's life is "execute this trial as a step". Where the step runs is a
 * {@code TrialStepRunner}: in this process ({@code InProcessTrialSteps}) or on a worker
 * ({@code dev.tunebatch.batch.remote}). {@code TrialStep} is a restartable step that commits one unit per transaction
 * (an epoch's checkpoint, a heartbeat, or the report together with the step's completion; a unit of a step taken over
 * by another process is refused); {@code TrialTasklet} drives the core's {@code TrialLife} unit by unit.
 * {@code DatabaseOutage} rides out PostgreSQL restarts and outages; {@code TrialObserver}s receive a
 * {@code TrialEnded} event (the trial, its status, score and times) for every step that ends.
 * <p>Depends on the tuning core ({@code tuner}, {@code oracle}, {@code program}, {@code store.jdbc}), Spring Batch and
 * Spring JDBC; never on {@code batch.launch} (which launches it) nor {@code batch.remote} (which plugs into it).
 */
package dev.tunebatch.batch;
