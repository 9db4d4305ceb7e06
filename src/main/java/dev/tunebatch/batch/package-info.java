/**
 * The Spring Batch engine: a search is a job instance (identified by the search's name and a run key), each trial
 * its own step execution {@code trial-<id>} ({@code TrialStep}, a restartable step that commits one unit per
 * transaction: an epoch's checkpoint, a heartbeat, or the report together with the step's completion;
 * {@code TrialTasklet} runs the trial in the background and hands it over unit by unit). {@code SearchJob} asks the
 * oracle for trials and launches their steps ({@code parallelism} at a time, on virtual threads);
 * {@code SearchLauncher} claims the search, recovers what a process that is gone left open, starts or restarts the job
 * and maps its end to an exit code ({@code ExitCodes}); {@code GracefulStopper} stops searches on SIGTERM;
 * {@code DatabaseOutage} rides out PostgreSQL restarts and outages; {@code SearchObserver} tells meters and reports
 * about searches and trials. What a stored search holds is read by {@code dev.tunebatch.results} (its inspector answers
 * {@code status} and {@code results}; this package only declares it as a bean with the engine's heartbeat).
 * <p>Depends on everything below it ({@code tuner}, {@code store.jdbc}, {@code oracle}, {@code program}), Spring
 * Batch and Spring JDBC; nothing in the tuning core depends on it.
 */
package dev.tunebatch.batch;
