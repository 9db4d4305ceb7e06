package dev.tunebatch.batch;

import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.TunerBuilder;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A search the engine can run by name: declare one as a Spring bean. The tuner builder carries the hypermodel,
 * objective and algorithm settings (its directory/projectName are ignored: the search lives in PostgreSQL under
 * {@code name}); the fit arguments are what every trial's {@code fit} receives.
 *
 * @param name        the search's name, its identity in the database and on the command line
 * @param tuner       a fresh, configured tuner builder (e.g. {@code () -> RandomSearch.builder()...})
 * @param fitArgs     the arguments of every trial's fit
 * @param parallelism how many trials run at once (virtual threads), at least 1
 * @param trialsPerRun with a run key, how many new trials each run adds (nightly continuation), or {@code null} to
 *                     run to the tuner's own limit
 */
public record SearchDefinition(String name, Supplier<? extends TunerBuilder<?, ?>> tuner, Supplier<FitArgs> fitArgs,
                               int parallelism, Integer trialsPerRun) {

    public SearchDefinition {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("search name: '" + name + "' must be 1-100 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit (e.g. \"nightly-router\").");
        }
        Objects.requireNonNull(tuner, "tuner");
        Objects.requireNonNull(fitArgs, "fitArgs");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: " + parallelism + " must be at least 1.");
        }
        if (trialsPerRun != null && trialsPerRun < 1) {
            throw new IllegalArgumentException("trialsPerRun: " + trialsPerRun + " must be at least 1, or unset.");
        }
    }

    /** A sequential search that runs to the tuner's own limit. */
    public static SearchDefinition of(String name, Supplier<? extends TunerBuilder<?, ?>> tuner,
                                      Supplier<FitArgs> fitArgs) {
        return new SearchDefinition(name, tuner, fitArgs, 1, null);
    }

    public SearchDefinition withParallelism(int n) {
        return new SearchDefinition(name, tuner, fitArgs, n, trialsPerRun);
    }

    public SearchDefinition withTrialsPerRun(Integer n) {
        return new SearchDefinition(name, tuner, fitArgs, parallelism, n);
    }
}
