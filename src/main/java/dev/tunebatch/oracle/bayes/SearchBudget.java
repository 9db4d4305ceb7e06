package dev.tunebatch.oracle.bayes;

/**
 * How much work one acquisition search may do: the size of its candidate pool and of the local refinement of its
 * best candidates. Fixed numbers (never wall time) keep proposals deterministic.
 *
 * @param randomPoints       uniformly random candidates
 * @param incumbents         how many of the best completed trials get perturbed candidates around them
 * @param perturbations      candidates per incumbent
 * @param refinements        how many of the best distinct candidates are refined locally
 * @param refineEvaluations  acquisition evaluations per continuous refinement
 * @param discreteRounds     rounds of one-step moves of discrete coordinates per refinement
 */
record SearchBudget(int randomPoints, int incumbents, int perturbations, int refinements, int refineEvaluations,
                    int discreteRounds) {

    /** The default budget for a space of {@code dimensions} coordinates. */
    static SearchBudget forDimensions(int dimensions) {
        return new SearchBudget(Math.min(300, 100 + 20 * dimensions), 5, 12, 2, 20 + 10 * dimensions, 8);
    }
}
