/**
 * Launching searches on the engine: {@code SearchLauncher} claims a search, recovers what a process that is gone left
 * open, starts or restarts its job and maps the job's end to an exit code ({@code ExitCodes}, {@code LaunchOutcome});
 * {@code GracefulStopper} stops running searches on SIGTERM; {@code RunKey} checks run keys;
 * {@code SearchObserver} is the SPI through which meters and reports hear of searches and trials;
 * {@code EngineProperties} and {@code WorkerProperties} are the engine's settings; {@code RemoteExecution} wires
 * remote execution into an application (the manager's step runners, the {@code worker} command's worker);
 * {@code BatchEngineConfiguration} declares it all as beans.
 * <p>Depends on the engine ({@code batch}, {@code batch.remote}), the read model ({@code results}) and Spring Boot.
 */
package dev.tunebatch.batch.launch;
