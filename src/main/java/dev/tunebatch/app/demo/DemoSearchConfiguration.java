package dev.tunebatch.app.demo;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.console.HoldOutEvaluation;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.embedding.MiniLmEmbeddingModel;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.BayesianOptimization;
import dev.tunebatch.tuner.Budget;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The demo search run by {@code ./mvnw spring-boot:run}, with no server and no configuration: Bayesian optimisation
 * of an offline support-intent router ({@link IntentRouterHyperModel}: all-MiniLM-L6-v2 in process, four
 * hyperparameters, a bank of examples chosen by {@code fit}) on the shipped customer-support dataset, maximising
 * {@code val_reward}. After the search the best configuration is rebuilt, fitted on the training split and scored on
 * the test split. A trial whose first epoch falls behind the median of three or more finished trials is pruned
 * ({@link Pruner#median}), and a run stops starting trials after {@value #WALL_CLOCK_MINUTES} minutes
 * ({@link Budget#wallClock}). Settings: {@code tunebatch.demo.*}.
 */
@Configuration(proxyBeanMethods = false)
public class DemoSearchConfiguration {

    /** The name of the demo search. */
    public static final String NAME = "demo";

    private static final int BATCH_SIZE = 16;
    /** The demo's budget: a run stops starting trials after this long (and resumes on the next run). */
    static final int WALL_CLOCK_MINUTES = 30;
    static final Duration WALL_CLOCK_PER_RUN = Duration.ofMinutes(WALL_CLOCK_MINUTES);

    @Bean
    IntentDataset demoDataset(TunebatchProperties properties) {
        String location = properties.getDemo().getDataset();
        try {
            return IntentDataset.load(location);
        } catch (DatasetException e) {
            throw new InvalidSettingException("tunebatch.demo.dataset", location, e.getMessage()
                    + " Fix the file, or point tunebatch.demo.dataset at another one.", e);
        }
    }

    @Bean
    SearchDefinition demoSearch(IntentDataset data, TunebatchProperties properties) {
        TunebatchProperties.Demo demo = properties.getDemo();
        return SearchDefinition.of(NAME,
                () -> BayesianOptimization.builder()
                        .hypermodel(hypermodel(data, demo))
                        .objective(Objective.of("val_reward", Direction.MAX))
                        .maxTrials(demo.getMaxTrials())
                        .numInitialPoints(Math.min(4, demo.getMaxTrials()))
                        .seed(demo.getSeed())
                        .pruner(Pruner.median(0, 3))
                        .budget(Budget.wallClock(WALL_CLOCK_PER_RUN)),
                () -> fitArgs(data, demo.getEpochs()));
    }

    @Bean
    HoldOutEvaluation demoTestScore(IntentDataset data, TunebatchProperties properties) {
        TunebatchProperties.Demo demo = properties.getDemo();
        return new HoldOutEvaluation(NAME, "test split of " + data.test().size() + " utterances", best -> {
            LmProgram program = hypermodel(data, demo).build(best);
            program.fit(fitArgs(data, demo.getEpochs())).toCompletableFuture().join();
            return program.evaluate(new EvaluateArgs(IntentDataset.inputs(data.test()),
                    IntentDataset.targets(data.test()), null)).toCompletableFuture().join();
        });
    }

    /** Loads the embedding model on first use, so that commands which run no trial never load it. */
    private static IntentRouterHyperModel hypermodel(IntentDataset data, TunebatchProperties.Demo demo) {
        return new IntentRouterHyperModel(MiniLmEmbeddingModel.shared(), data.labels().size(), demo.getSeed());
    }

    private static FitArgs fitArgs(IntentDataset data, int epochs) {
        return FitArgs.builder()
                .x(IntentDataset.inputs(data.train())).y(IntentDataset.targets(data.train()))
                .validationData(IntentDataset.inputs(data.validation()), IntentDataset.targets(data.validation()))
                .epochs(epochs).batchSize(BATCH_SIZE).build();
    }
}
