package dev.tunebatch.testing;

import dev.tunebatch.app.demo.LogisticRegressionProgram;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.Program;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import dev.tunebatch.tuner.RandomSearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The search the kill tests' child JVMs run, whether through the engine or the tuner alone: a seeded random search
 * over {@code learning_rate} and {@code l2} maximising {@code val_accuracy}, {@value #TRIALS} logistic regressions of
 * {@value #EPOCHS} epochs on a synthetic dataset; or, with successive halving ({@code Pruner.successiveHalving(1, 2)}),
 * {@value #PRUNED_TRIALS} programs following learning curves set by their hyperparameters. Also the log the children
 * write for the tests to read.
 */
public final class KillTestSearch {

    /** Trials of the plain search. */
    public static final int TRIALS = 5;
    /** Trials of the search with successive halving. */
    public static final int PRUNED_TRIALS = 8;
    /** Epochs per trial. */
    public static final int EPOCHS = 4;

    private KillTestSearch() {
    }

    /** The dataset the regressions learn. */
    public static SyntheticDataset data() {
        return SyntheticDataset.generate(300, 6, 3);
    }

    /**
     * The search's tuner, its programs passed through {@code wrap} with their learning rate.
     *
     * @param pruned whether it prunes with successive halving (over learning curves instead of regressions)
     */
    public static RandomSearch.Builder tuner(SyntheticDataset data, boolean pruned,
                                             BiFunction<Program, Double, Program> wrap) {
        return RandomSearch.builder()
                .hypermodel(hp -> {
                    double lr = hp.floatParam("learning_rate", 1e-3, 1.0, FloatOptions.defaults()
                            .sampling(Sampling.LOG));
                    double l2 = hp.choice("l2", List.of(0.0, 1e-3, 1e-2));
                    if (pruned) {
                        double quality = 1 - Math.abs(Math.log10(lr) + 1.5) / 1.5 - 5 * l2;
                        return wrap.apply(new CurveProgram(epoch -> Map.of("val_accuracy",
                                quality * (1 - Math.exp(-(epoch + 1) / 2.0)))), lr);
                    }
                    return wrap.apply(new LogisticRegressionProgram(data.features(), lr, l2, 5), lr);
                })
                .objective(Objective.of("val_accuracy", Direction.MAX)).maxTrials(pruned ? PRUNED_TRIALS : TRIALS)
                .seed(11).pruner(pruned ? Pruner.successiveHalving(1, 2) : Pruner.none());
    }

    /** The fit arguments of every trial. */
    public static FitArgs.Builder fitArgs(SyntheticDataset data) {
        return FitArgs.builder().x(data.trainX()).y(data.trainY()).validationData(data.validX(), data.validY())
                .epochs(EPOCHS).batchSize(16);
    }

    /** Appends a line to the child's log. */
    public static void log(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
