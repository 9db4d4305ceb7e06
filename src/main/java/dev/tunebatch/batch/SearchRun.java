package dev.tunebatch.batch;

import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.SearchSession;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * What the trials of one job execution share: the open search, the fit arguments, the one executor of this run, the
 * stop flag and the last trial failure (the cause carried by a consecutive-failures abort).
 */
final class SearchRun {

    private final SearchSession session;
    private final FitArgs fitArgs;
    private final ExecutorService executor;
    private final Set<String> launched = ConcurrentHashMap.newKeySet();
    private volatile boolean stopRequested;
    private volatile boolean stoppedExternally;

    SearchRun(SearchSession session, FitArgs fitArgs, ExecutorService executor) {
        this.session = session;
        this.fitArgs = fitArgs;
        this.executor = executor;
        session.oracle().trials().forEach(t -> launched.add(t.id()));
    }

    /**
     * Records the launch of a trial's step; true when it is the trial's first launch ever — the trial did not exist
     * when this run opened the search, nor was it launched since — so that no earlier step execution of it exists.
     */
    boolean firstLaunch(String trialId) {
        return launched.add(trialId);
    }

    SearchSession session() {
        return session;
    }

    FitArgs fitArgs() {
        return fitArgs;
    }

    ExecutorService executor() {
        return executor;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }

    /** A stop requested through the job repository (e.g. {@code JobOperator.stop} in another process). */
    void stopExternally() {
        stoppedExternally = true;
        stopRequested = true;
    }

    /** Whether the job repository says the job is stopping; trial steps then commit at once to learn it. */
    boolean stoppedExternally() {
        return stoppedExternally;
    }

}
