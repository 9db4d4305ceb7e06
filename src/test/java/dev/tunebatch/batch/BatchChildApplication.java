package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.KillTestSearch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real application (command line, engine, Boot's batch auto-configuration) with one search whose program logs its
 * epochs and can block at a chosen point, so that tests can kill it there. Run by the engine's process tests in child
 * JVMs ({@link #child}, the database given in the environment): {@code main(search, kill, log, epochSleepMillis,
 * command...)}. The search is {@link KillTestSearch}'s. Kill points: {@code none}, {@code begin:F:E} (fit number F of
 * this process begins epoch E), {@code end:F:E} (epoch E ended, not yet committed). A search whose name starts with
 * {@code asha} prunes with successive halving.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({BatchEngineConfiguration.class, TunebatchCommandLine.class})
public class BatchChildApplication {

    public static void main(String[] args) {
        String[] command = java.util.Arrays.copyOfRange(args, 4, args.length);
        System.exit(SpringApplication.exit(new SpringApplicationBuilder(BatchChildApplication.class).properties(
                "child.search=" + args[0], "child.kill=" + args[1], "child.log=" + args[2],
                "child.epoch-sleep-ms=" + args[3], "spring.main.banner-mode=off", "logging.level.root=WARN")
                .run(command)));
    }

    @Bean
    SearchDefinition childSearch(Environment env) {
        String kill = env.getProperty("child.kill", "none");
        Path log = Path.of(env.getProperty("child.log"));
        long sleep = env.getProperty("child.epoch-sleep-ms", Long.class, 0L);
        SyntheticDataset data = KillTestSearch.data();
        AtomicInteger fits = new AtomicInteger();
        boolean asha = env.getProperty("child.search", "").startsWith("asha");
        return SearchDefinition.of(env.getProperty("child.search"), () -> KillTestSearch.tuner(data, asha,
                        (program, lr) -> new TracingProgram(program, String.valueOf(lr), kill, log, sleep, fits)),
                () -> KillTestSearch.fitArgs(data).build());
    }

    /**
     * A child JVM that runs {@code command} of this application on the database at {@code url} and search
     * {@code search}, killable at {@code kill}, logging to {@code log}, each epoch taking at least
     * {@code epochSleepMillis}.
     */
    static ChildJvm child(String url, String user, String password, String search, String kill, Path log,
                          long epochSleepMillis, String... command) {
        return ChildJvm.of(BatchChildApplication.class).jvmOptions("-Xmx384m", "-XX:TieredStopAtLevel=1")
                .database(url, user, password).args(search, kill, log.toString(), String.valueOf(epochSleepMillis))
                .args(command);
    }

    static void block(Path log) {
        try {
            Thread.sleep(300);
            KillTestSearch.log(log, "READY");
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
            KillTestSearch.log(log, "fit " + label + " " + args.initialEpoch());
            Callback tracer = new Callback() {
                @Override
                public void onEpochBegin(int epoch) {
                    KillTestSearch.log(log, "epoch-begin " + label + " " + epoch);
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
