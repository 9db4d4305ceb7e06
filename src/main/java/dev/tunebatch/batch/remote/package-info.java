/**
 * Remote execution: trials on many machines, with Spring Batch's own remote machinery and PostgreSQL as the
 * transport. The manager ({@code RemoteTrialSteps}, a {@code TrialStepRunner}) creates each trial's step execution
 * and sends a spring-batch-integration {@code StepExecutionRequest} on its search's channel; a worker
 * ({@code TrialWorker}) takes it, at most its capacity at a time, and executes it with
 * {@code StepExecutionRequestHandler} and the engine's {@code TrialStep}; the step's end goes back on the manager's
 * channel. The channels ({@code TrialRequests}) are Spring Integration's JDBC channel message store with LISTEN/NOTIFY:
 * no broker beside the database. The manager watches every dispatched step: a worker that stops heartbeating loses its
 * trial to another one (the late report of a worker that was only paused is refused), a worker that is shutting down
 * gives its trial back at once, a manager that is gone makes its workers stop their trials at the next epoch boundary.
 * A worker reads the trial handed to it without the search's lock, and both sides bring their oracles up to date with
 * only the trials the other saved, so a remote trial costs a few small reads rather than reloads of the search.
 * <p>Depends on the engine ({@code batch}), the tuning core, spring-batch-integration and spring-integration-jdbc.
 */
package dev.tunebatch.batch.remote;
