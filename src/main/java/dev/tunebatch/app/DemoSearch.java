package dev.tunebatch.app;

import dev.tunebatch.app.demo.LogisticRegressionProgram;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;

/**
 * The default job of {@code ./mvnw spring-boot:run} until the Spring Batch engine lands: a random search over a small
 * real program, stored in {@code .tunebatch/} so that running the command again resumes or reports the finished
 * search.
 */
@Component
public class DemoSearch implements CommandLineRunner {

    @Override
    public void run(String... args) {
        SyntheticDataset data = SyntheticDataset.generate(600, 8, 7);
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> new LogisticRegressionProgram(data.features(),
                        hp.floatParam("learning_rate", 1e-3, 1.0, FloatOptions.defaults().sampling(Sampling.LOG)),
                        hp.choice("l2", List.of(0.0, 1e-4, 1e-3, 1e-2)), 7))
                .objective(Objective.of("val_accuracy", Direction.MAX))
                .maxTrials(8).seed(42)
                .directory(Path.of(".tunebatch")).projectName("demo")
                .build();
        System.out.println(tuner.searchSpaceSummary());
        tuner.search(FitArgs.builder().x(data.trainX()).y(data.trainY())
                .validationData(data.validX(), data.validY()).epochs(5).batchSize(32).build());
        System.out.println(tuner.resultsSummary(3));
        Trial best = tuner.getBestTrials(1).get(0);
        HyperParameters hp = best.hyperparameters();
        System.out.println("Best hyperparameters: " + hp.values() + " (val_accuracy " + best.score() + ")");
        System.out.println("Results are in " + tuner.store().location()
                + "; run the same command again to see the finished search.");
    }
}
