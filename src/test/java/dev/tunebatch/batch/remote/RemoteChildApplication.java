package dev.tunebatch.batch.remote;

import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The application of the remote-execution process tests, as manager ({@code run remote}) or worker ({@code worker}):
 * one search {@code remote} of {@code child.trials} trials, each {@code child.epochs} epochs of
 * {@code child.epoch-ms} milliseconds whose score follows the trial's {@code x}; every epoch's end is appended to
 * {@code child.log} as {@code pid P trial T epoch E}. {@code child.objective} renames the objective (a worker whose
 * application defines the search differently).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({BatchEngineConfiguration.class, TunebatchCommandLine.class})
public class RemoteChildApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(new SpringApplicationBuilder(RemoteChildApplication.class)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.dev.tunebatch.batch=INFO", "tunebatch.report.enabled=false")
                .run(args)));
    }

    @Bean
    SearchDefinition remoteSearch(Environment env) {
        int trials = env.getProperty("child.trials", Integer.class, 6);
        int epochs = env.getProperty("child.epochs", Integer.class, 3);
        long epochMillis = env.getProperty("child.epoch-ms", Long.class, 200L);
        return search("remote", env, trials, epochs, epochMillis);
    }

    /**
     * With {@code child.warmup-trials}, a second search {@code warmup} of that many trials of 3 epochs of 20 ms:
     * the benchmark runs it first so that its workers are warm, as long-lived ones are.
     */
    @Bean
    @ConditionalOnProperty("child.warmup-trials")
    SearchDefinition warmupSearch(Environment env) {
        return search("warmup", env, env.getRequiredProperty("child.warmup-trials", Integer.class), 3, 20);
    }

    private static SearchDefinition search(String name, Environment env, int trials, int epochs, long epochMillis) {
        int parallelism = env.getProperty("child.parallelism", Integer.class, 2);
        String objective = env.getProperty("child.objective", "val_score");
        Path log = Path.of(env.getProperty("child.log", "remote-child.log"));
        return SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> new LoggedCurve(hp.floatParam("x", 0.0, 1.0, FloatOptions.defaults()),
                                epochMillis, log, objective))
                        .objective(Objective.of(objective, Direction.MAX))
                        .maxTrials(trials).seed(7).tunerId(name),
                () -> FitArgs.builder().epochs(epochs).build()).withParallelism(parallelism);
    }

    /** A curve whose epochs take their time and are logged with the trial and the process. */
    static final class LoggedCurve extends CurveProgram {

        private final long epochMillis;
        private final Path log;
        private volatile String trial = "?";

        LoggedCurve(double x, long epochMillis, Path log, String metric) {
            super(epoch -> Map.of(metric, x * (epoch + 1)));
            this.epochMillis = epochMillis;
            this.log = log;
        }

        @Override
        public CompletionStage<History> fit(FitArgs args) {
            trial = args.trialId().orElse("?");
            return super.fit(args.toBuilder().callbacks(new dev.tunebatch.program.Callback() {
                @Override
                public void onEpochBegin(int epoch) {
                    try {
                        Thread.sleep(epochMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    append("pid " + ProcessHandle.current().pid() + " trial " + trial + " epoch " + epoch);
                }
            }).build());
        }

        private void append(String line) {
            try {
                Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
