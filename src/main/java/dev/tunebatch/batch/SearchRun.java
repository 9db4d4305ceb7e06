package dev.tunebatch.batch;

import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.SearchSession;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * What the trials of one job execution share in one process: the open search, the fit arguments, the one executor
 * of this run and the stop flags. A worker holds one per job execution it serves.
 */
public final class SearchRun {

    private final SearchSession session;
    private final FitArgs fitArgs;
    private final ExecutorService executor;
    private final Set<String> launched = ConcurrentHashMap.newKeySet();
    private volatile boolean stopRequested;
    private volatile boolean stoppedExternally;

    /** The run of {@code session}'s trials, fitted with {@code fitArgs} on {@code executor}. */
    public SearchRun(SearchSession session, FitArgs fitArgs, ExecutorService executor) {
        this.session = session;
        this.fitArgs = fitArgs;
        this.executor = executor;
        session.oracle().trials().forEach(t -> launched.add(t.id()));
    }

    /**
     * Records the launch of a trial's step; true when it is the trial's first launch ever — the trial did not exist
     * when this run opened the search, nor was it launched since — so that no earlier step execution of it exists.
     */
    public boolean firstLaunch(String trialId) {
        return launched.add(trialId);
    }

    /** The open search. */
    public SearchSession session() {
        return session;
    }

    /** The fit arguments of every trial (with the run id the cost ledger files calls under). */
    public FitArgs fitArgs() {
        return fitArgs;
    }

    /** The executor the trials' fits run on. */
    public ExecutorService executor() {
        return executor;
    }

    /** Whether the run was asked to stop: its trials stop at their next epoch boundary. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Asks the run to stop. */
    public void requestStop() {
        stopRequested = true;
    }

    /** A stop requested through the job repository (e.g. {@code JobOperator.stop} in another process). */
    public void stopExternally() {
        stoppedExternally = true;
        stopRequested = true;
    }

    /** Whether the job repository says the job is stopping; trial steps then commit at once to learn it. */
    public boolean stoppedExternally() {
        return stoppedExternally;
    }
}
