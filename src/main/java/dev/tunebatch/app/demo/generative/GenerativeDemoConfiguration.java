package dev.tunebatch.app.demo.generative;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.console.HoldOutEvaluation;
import dev.tunebatch.app.console.SearchPreflight;
import dev.tunebatch.app.demo.IntentDataset;
import dev.tunebatch.app.demo.IntentDataset.LabelledUtterance;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.config.LanguageModels;
import dev.tunebatch.lm.config.LmProperties;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * With an LM endpoint configured ({@code tunebatch.lm.endpoints.*}), the search {@code generative-demo}: random
 * search over a generative intent router ({@link GenerativeRouterHyperModel}) on a small stratified part of the demo
 * dataset (per intent: 2 training, 3 validation and 3 test messages), so that a run costs a few hundred calls.
 * Before each run the endpoint must answer ({@link EndpointProbe}); else one line and exit 69, nothing stored.
 * Settings: {@code tunebatch.demo.generative.*}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LmEndpointConfigured.class)
public class GenerativeDemoConfiguration {

    /** The name of the generative demo search. */
    public static final String NAME = "generative-demo";

    private static final int TRAIN_PER_LABEL = 2;
    private static final int VALIDATION_PER_LABEL = 3;
    private static final int TEST_PER_LABEL = 3;

    @Bean
    EndpointProbe generativeDemoEndpoint(LmProperties lm, TunebatchProperties properties) {
        TunebatchProperties.Generative g = properties.getDemo().getGenerative();
        return new EndpointProbe(lm.getEndpoints(), g.getEndpoint(), g.getModel());
    }

    @Bean
    SearchPreflight generativeDemoPreflight(EndpointProbe generativeDemoEndpoint) {
        return new EndpointPreflight(NAME, generativeDemoEndpoint);
    }

    @Bean
    SearchDefinition generativeDemoSearch(IntentDataset data, EndpointProbe generativeDemoEndpoint,
                                          LanguageModels models, TunebatchProperties properties) {
        TunebatchProperties.Demo demo = properties.getDemo();
        return SearchDefinition.of(NAME,
                () -> RandomSearch.builder()
                        .hypermodel(hypermodel(data, generativeDemoEndpoint, models, demo.getSeed()))
                        .objective(Objective.of("val_reward", Direction.MAX))
                        .maxTrials(demo.getGenerative().getMaxTrials())
                        .seed(demo.getSeed()),
                () -> fitArgs(data));
    }

    @Bean
    HoldOutEvaluation generativeDemoTestScore(IntentDataset data, EndpointProbe generativeDemoEndpoint,
                                              LanguageModels models, TunebatchProperties properties) {
        List<LabelledUtterance> test = IntentDataset.perLabel(data.test(), TEST_PER_LABEL);
        return new HoldOutEvaluation(NAME, "test split of " + test.size() + " utterances", best -> {
            LmProgram program = hypermodel(data, generativeDemoEndpoint, models, properties.getDemo().getSeed())
                    .build(best);
            if (program.hasOptimizer()) {
                program.fit(fitArgs(data)).toCompletableFuture().join();
            }
            return program.evaluate(new EvaluateArgs(IntentDataset.inputs(test), IntentDataset.targets(test), null))
                    .toCompletableFuture().join();
        });
    }

    private static GenerativeRouterHyperModel hypermodel(IntentDataset data, EndpointProbe probe,
                                                         LanguageModels models, long seed) {
        return new GenerativeRouterHyperModel(() -> {
            EndpointProbe.Target target = probe.resolve();
            return models.get(target.endpoint(), target.model());
        }, data.labels(), seed);
    }

    private static FitArgs fitArgs(IntentDataset data) {
        List<LabelledUtterance> train = IntentDataset.perLabel(data.train(), TRAIN_PER_LABEL);
        List<LabelledUtterance> validation = IntentDataset.perLabel(data.validation(), VALIDATION_PER_LABEL);
        return FitArgs.builder()
                .x(IntentDataset.inputs(train)).y(IntentDataset.targets(train))
                .validationData(IntentDataset.inputs(validation), IntentDataset.targets(validation))
                .epochs(1).batchSize(10).build();
    }
}
