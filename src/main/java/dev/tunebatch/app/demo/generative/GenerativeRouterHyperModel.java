package dev.tunebatch.app.demo.generative;

import dev.tunebatch.app.demo.AbstentionReward;
import dev.tunebatch.app.demo.Intent;
import dev.tunebatch.app.demo.IntentRouterHyperModel;
import dev.tunebatch.app.demo.Utterance;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.model.LanguageModel;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.program.HyperModel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The generative demo's hypermodel: the same support-intent routing, answered by a language model with structured
 * output ({@link Intent}). Three hyperparameters: {@code temperature} (0–1, step 0.25), {@code instructions}
 * ({@code terse}: the intent names; {@code described}: one line per intent) and {@code few_shot_examples} (0–6, step
 * 2; with more than 0, {@code fit} trains the examples with {@link RandomFewShot}, else the program is evaluated).
 */
public final class GenerativeRouterHyperModel implements HyperModel {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "billing", "charges, invoices, payment methods, prices paid",
            "refund", "returns and getting money back",
            "shipping", "delivery status, tracking, carriers, delivery options",
            "cancel_order", "cancelling an order, a subscription or a renewal",
            "password_reset", "logging in, passwords, locked accounts, verification codes",
            "technical_issue", "something on the site, the app or a device does not work",
            "change_address", "changing a delivery or account address",
            "product_question", "what a product is, does or fits, and its stock",
            "complaint", "dissatisfaction with the service, staff or quality",
            "other", "anything else: greetings, store hours, jobs, feedback");

    private final Supplier<LanguageModel> model;
    private final Set<String> labels;
    private final long seed;

    /**
     * @param model  the language model, resolved when the first program is built
     * @param labels the intents
     * @param seed   the seed of shuffling and of the optimizer
     */
    public GenerativeRouterHyperModel(Supplier<LanguageModel> model, Set<String> labels, long seed) {
        this.model = model;
        this.labels = labels;
        this.seed = seed;
    }

    @Override
    public LmProgram build(HyperParameters hp) {
        double temperature = hp.floatParam("temperature", 0.0, 1.0, FloatOptions.defaults().step(0.25));
        String style = hp.choice("instructions", List.of("terse", "described"));
        int shots = hp.intParam("few_shot_examples", 0, 6, IntOptions.defaults().step(2));
        Generator generator = Generator.builder(Intent.class)
                .name("intent")
                .languageModel(model.get())
                .instructions(instructions(style))
                .temperature(temperature)
                .build();
        LmProgram program = LmProgram.builder().name("support-router-lm").input(Utterance.class).then(generator)
                .seed(seed).build();
        AbstentionReward reward = new AbstentionReward(IntentRouterHyperModel.ABSTENTION_CREDIT);
        if (shots == 0) {
            return program.compile(reward, IntentRouterHyperModel.metrics());
        }
        return program.compile(reward, IntentRouterHyperModel.metrics(), RandomFewShot.builder()
                .minExamples(shots).maxExamples(shots).minibatchSize(10).seed(seed).build());
    }

    /** The instructions of a style. */
    String instructions(String style) {
        String intro = "You route customer-support messages. Classify the message into exactly one intent and "
                + "answer with its name in \"label\"; answer null when no intent fits or you are unsure.";
        if (style.equals("terse")) {
            return intro + " Intents: " + String.join(", ", labels) + ".";
        }
        return intro + " Intents:\n" + labels.stream()
                .map(l -> "- " + l + (DESCRIPTIONS.containsKey(l) ? ": " + DESCRIPTIONS.get(l) : ""))
                .collect(Collectors.joining("\n"));
    }
}
