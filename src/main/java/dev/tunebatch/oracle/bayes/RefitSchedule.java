package dev.tunebatch.oracle.bayes;

/**
 * When to refit the kernel's hyperparameters, so that the fit's cost (cubic in the trials it sees) is paid rarely
 * once there are many trials. With few trials every proposal refits; later a short warm-started refit runs each
 * time the data has grown by {@code warmGrowth}, and a full refit with restarts each time it has grown by
 * {@code fullGrowth}. In between, the model is conditioned on the new data with the last hyperparameters (its signal
 * variance still adapts, as it has a closed form).
 *
 * @param alwaysBelow   refit (warm) at every proposal while there are fewer observations than this
 * @param warmGrowth    relative growth of the data that triggers a warm refit
 * @param fullGrowth    relative growth of the data that triggers a full refit with restarts
 */
record RefitSchedule(int alwaysBelow, double warmGrowth, double fullGrowth) {

    /** What to do before a proposal. */
    enum Decision { FULL, WARM, REUSE }

    /** The default schedule. */
    static RefitSchedule standard() {
        return new RefitSchedule(30, 0.1, 0.5);
    }

    /**
     * @param n          completed observations now
     * @param havePrevious whether a previous fit covers every coordinate of the current space
     * @param fittedAt   observations at the last fit (full or warm)
     * @param fullFitAt  observations at the last full fit
     */
    Decision decide(int n, boolean havePrevious, int fittedAt, int fullFitAt) {
        if (!havePrevious || n >= grown(fullFitAt, fullGrowth)) {
            return Decision.FULL;
        }
        if (n < alwaysBelow || n >= grown(fittedAt, warmGrowth)) {
            return n == fittedAt ? Decision.REUSE : Decision.WARM;
        }
        return Decision.REUSE;
    }

    /** {@code count} grown by {@code growth}, at least by one (rounded up, without floating-point spill-over). */
    private static long grown(int count, double growth) {
        return count + Math.max(1, (long) Math.ceil(count * growth - 1e-9));
    }
}
