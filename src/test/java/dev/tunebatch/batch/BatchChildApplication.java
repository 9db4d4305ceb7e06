package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.app.demo.LogisticRegressionProgram;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real application (command line, engine, Boot's batch auto-configuration) with one search whose program logs its
 * epochs and can block at a chosen point, so that tests can kill it there. Run by the engine's process tests in child
 * JVMs: {@code main(url, user, password, search, kill, log, epochSleepMillis, command...)}. Kill points: {@code none},
 * {@code begin:F:E} (fit number F of this process begins epoch E), {@code end:F:E} (epoch E ended, not yet committed).
 * A search whose name starts with {@code asha} prunes with {@code Pruner.successiveHalving(1, 2)} over 8 trials whose
 * programs follow learning curves set by their hyperparameters.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({BatchEngineConfiguration.class, TunebatchCommandLine.class})
public class BatchChildApplication {

    public static void main(String[] args) {
        String[] command = java.util.Arrays.copyOfRange(args, 7, args.length);
        System.exit(SpringApplication.exit(new SpringApplicationBuilder(BatchChildApplication.class).properties(
                "spring.datasource.url=" + args[0], "spring.datasource.username=" + args[1],
                "spring.datasource.password=" + args[2], "child.search=" + args[3], "child.kill=" + args[4],
                "child.log=" + args[5], "child.epoch-sleep-ms=" + args[6], "spring.main.banner-mode=off",
                "logging.level.root=WARN").run(command)));
    }

    @Bean
    SearchDefinition childSearch(Environment env) {
        String kill = env.getProperty("child.kill", "none");
        Path log = Path.of(env.getProperty("child.log"));
        long sleep = env.getProperty("child.epoch-sleep-ms", Long.class, 0L);
        SyntheticDataset data = SyntheticDataset.generate(300, 6, 3);
        AtomicInteger fits = new AtomicInteger();
        boolean asha = env.getProperty("child.search", "").startsWith("asha");
        return SearchDefinition.of(env.getProperty("child.search"), () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double lr = hp.floatParam("learning_rate", 1e-3, 1.0,
                                    FloatOptions.defaults().sampling(Sampling.LOG));
                            double l2 = hp.choice("l2", List.of(0.0, 1e-3, 1e-2));
                            if (asha) {
                                double quality = 1 - Math.abs(Math.log10(lr) + 1.5) / 1.5 - 5 * l2;
                                return new TracingProgram(new CurveProgram(epoch -> Map.of("val_accuracy",
                                        quality * (1 - Math.exp(-(epoch + 1) / 2.0)))), String.valueOf(lr), kill,
                                        log, sleep, fits);
                            }
                            return new TracingProgram(new LogisticRegressionProgram(data.features(), lr, l2, 5),
                                    String.valueOf(lr), kill, log, sleep, fits);
                        })
                        .objective(Objective.of("val_accuracy", Direction.MAX)).maxTrials(asha ? 8 : 5).seed(11)
                        .pruner(asha ? Pruner.successiveHalving(1, 2) : Pruner.none()),
                () -> FitArgs.builder().x(data.trainX()).y(data.trainY())
                        .validationData(data.validX(), data.validY()).epochs(4).batchSize(16).build());
    }

    static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void block(Path log) {
        try {
            Thread.sleep(300);
            append(log, "READY");
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delegates to a real program, logging each fit and epoch and blocking at the kill point. */
    record TracingProgram(Program delegate, String label, String kill, Path log, long sleep,
                          AtomicInteger fits) implements Program, Checkpointable {

        @Override
        public CompletionStage<History> fit(FitArgs args) {
            int fit = fits.incrementAndGet();
            append(log, "fit " + label + " " + args.initialEpoch());
            Callback tracer = new Callback() {
                @Override
                public void onEpochBegin(int epoch) {
                    append(log, "epoch-begin " + label + " " + epoch);
                    if (kill.equals("begin:" + fit + ":" + epoch)) {
                        block(log);
                    }
                    if (sleep > 0) {
                        try {
                            Thread.sleep(sleep);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    if (kill.equals("end:" + fit + ":" + epoch)) {
                        block(log);
                    }
                }
            };
            List<Callback> all = new java.util.ArrayList<>();
            all.add(tracer);
            all.addAll(args.callbacks());
            return delegate.fit(args.toBuilder().replaceCallbacks(all).build());
        }

        @Override
        public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
            return delegate.evaluate(args);
        }

        @Override
        public boolean hasOptimizer() {
            return true;
        }

        @Override
        public String saveState() {
            return ((Checkpointable) delegate).saveState();
        }

        @Override
        public void restoreState(String json) {
            ((Checkpointable) delegate).restoreState(json);
        }
    }
}
