/**
 * The LM program runtime: programs whose fit is asynchronous and whose trainable state is JSON, in the spirit of
 * Synalinks. The seed's example, in Java:
 *
 * <pre>{@code
 * record Query(String query) {}
 * record Answer(String answer) {}
 *
 * LanguageModels models = ...;                       // from tunebatch.lm.* (LmAutoConfiguration), or
 * LanguageModel lm = ManagedLanguageModel.builder()  // by hand
 *         .model("qwen2.5:7b").endpoint("local")
 *         .transport(SpringAiChatTransport.openAiCompatible("http://localhost:8000/v1", null, Duration.ofMinutes(2)))
 *         .concurrencyLimit(ConcurrencyLimit.shared("local", 8))
 *         .build();
 *
 * LmProgram buildProgram(HyperParameters hp) {
 *     return LmProgram.builder().name("qa").input(Query.class)
 *             .then(Generator.builder(Answer.class).languageModel(lm)
 *                     .temperature(hp.floatParam("temperature", 0.0, 1.0)).build())
 *             .build()
 *             .compile(ExactMatch.onFields("answer"));      // add metrics and RandomFewShot to train
 * }
 *
 * RandomSearch tuner = RandomSearch.builder().hypermodel(this::buildProgram)
 *         .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(5)
 *         .directory(Path.of("runs")).projectName("my_search").seed(42).build();
 * tuner.search(FitArgs.builder().x(xTrain).y(yTrain).validationData(xVal, yVal).epochs(3).batchSize(4).build());
 * }</pre>
 *
 * Sub-packages: {@code data} (records and JSON schemas), {@code model} (language models, retries, limits, cache and
 * ledger SPIs), {@code module} (Input, Generator, Chain, Parallel, EmbeddingClassifier), {@code reward},
 * {@code metric}, {@code optimizer}, {@code callback}, {@code embedding} (all-MiniLM-L6-v2 in process),
 * {@code cache} and {@code ledger} (PostgreSQL), {@code config} (Spring wiring), {@code usage} (counters).
 */
package dev.tunebatch.lm;
