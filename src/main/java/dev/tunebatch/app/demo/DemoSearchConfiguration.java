package dev.tunebatch.app.demo;

import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The demo search run by {@code ./mvnw spring-boot:run}: random search over a small real program (logistic
 * regression trained by SGD, checkpointable per epoch) on a seeded dataset, with no server and no configuration.
 */
@Configuration(proxyBeanMethods = false)
public class DemoSearchConfiguration {

    /** The name of the demo search. */
    public static final String NAME = "demo";

    @Bean
    SearchDefinition demoSearch() {
        SyntheticDataset data = SyntheticDataset.generate(600, 8, 7);
        return SearchDefinition.of(NAME,
                () -> RandomSearch.builder()
                        .hypermodel(hp -> new LogisticRegressionProgram(data.features(),
                                hp.floatParam("learning_rate", 1e-3, 1.0,
                                        FloatOptions.defaults().sampling(Sampling.LOG)),
                                hp.choice("l2", List.of(0.0, 1e-4, 1e-3, 1e-2)), 7))
                        .objective(Objective.of("val_accuracy", Direction.MAX))
                        .maxTrials(8).seed(42),
                () -> FitArgs.builder().x(data.trainX()).y(data.trainY())
                        .validationData(data.validX(), data.validY()).epochs(5).batchSize(32).build());
    }
}
