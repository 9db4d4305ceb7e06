package dev.tunebatch.app.demo;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.embedding.EmbeddingModel;
import dev.tunebatch.lm.metric.Accuracy;
import dev.tunebatch.lm.metric.MeanMetricWrapper;
import dev.tunebatch.lm.metric.Metric;
import dev.tunebatch.lm.module.EmbeddingClassifier;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.program.HyperModel;

import java.util.List;
import java.util.Locale;

/**
 * The offline demo's hypermodel: a support-intent router that classifies a message by its all-MiniLM-L6-v2
 * similarity to a bank of labelled examples, and that {@code fit} trains — {@link RandomFewShot} chooses which
 * training messages enter the bank, scoring candidate banks on the validation split. Four hyperparameters:
 * <ul>
 * <li>{@code examples_per_label} (2–24, step 2): the most learned examples per intent in the bank;</li>
 * <li>{@code temperature} (0.01–0.3, log): the softmax temperature turning similarities into confidences;</li>
 * <li>{@code threshold} (0–0.6, step 0.05): below this confidence the router abstains and hands over;</li>
 * <li>{@code aggregation} (max, mean, log_sum_exp): how one intent's example similarities make its score.</li>
 * </ul>
 * Compiled with {@link AbstentionReward} (abstaining earns {@value #ABSTENTION_CREDIT}), {@code accuracy} and
 * {@code abstention_rate}.
 */
public final class IntentRouterHyperModel implements HyperModel {

    /** The reward of an abstention: better than a wrong intent, worse than the right one. */
    public static final double ABSTENTION_CREDIT = 0.3;

    private final EmbeddingModel embeddings;
    private final int labels;
    private final long seed;

    /**
     * @param embeddings the sentence embedding model
     * @param labels     how many intents the data has (sizes the optimizer's candidate banks)
     * @param seed       the seed of shuffling and of the optimizer
     */
    public IntentRouterHyperModel(EmbeddingModel embeddings, int labels, long seed) {
        this.embeddings = embeddings;
        this.labels = labels;
        this.seed = seed;
    }

    @Override
    public LmProgram build(HyperParameters hp) {
        int perLabel = hp.intParam("examples_per_label", 2, 24, IntOptions.defaults().step(2));
        double temperature = hp.floatParam("temperature", 0.01, 0.3,
                FloatOptions.defaults().sampling(Sampling.LOG).defaultValue(0.05));
        double threshold = hp.floatParam("threshold", 0.0, 0.6, FloatOptions.defaults().step(0.05));
        String aggregation = hp.choice("aggregation", List.of("max", "mean", "log_sum_exp"));
        EmbeddingClassifier router = EmbeddingClassifier.builder(embeddings)
                .name("intent")
                .textField("text")
                .examplesPerLabel(perLabel)
                .temperature(temperature)
                .threshold(threshold)
                .aggregation(EmbeddingClassifier.Aggregation.valueOf(aggregation.toUpperCase(Locale.ROOT)))
                .build();
        RandomFewShot optimizer = RandomFewShot.builder()
                .minExamples(labels * perLabel)
                .maxExamples(labels * perLabel)
                .samplingTemperature(0.3)
                .minibatchSize(32)
                .seed(seed)
                .build();
        return LmProgram.builder().name("support-router").input(Utterance.class).then(router).seed(seed).build()
                .compile(new AbstentionReward(ABSTENTION_CREDIT), metrics(), optimizer);
    }

    /** {@code accuracy} (an abstention counts as wrong) and {@code abstention_rate}. */
    public static List<Metric> metrics() {
        return List.of(new Accuracy("label"), new MeanMetricWrapper("abstention_rate",
                (yTrue, yPred) -> AbstentionReward.abstained(yPred) ? 1.0 : 0.0, Metric.Direction.DOWN));
    }
}
