package dev.tunebatch.bench;

import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.ChatTransport;
import dev.tunebatch.lm.model.ConcurrencyLimit;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.testing.TestModels.Query;
import dev.tunebatch.program.EvaluateArgs;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * LM-bound throughput: {@code parallelism} programs (as many parallel trials) evaluate at once against the scripted
 * server answering in 100 ms, the samples of each batch concurrent, all through one endpoint whose concurrency limit
 * is the bottleneck. The ideal rate is limit / 100 ms; the target is at least 90 % of it. Writes JSON to
 * {@code target/bench/}.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tunebatch.bench.LmThroughputBench} (arguments: limits, e.g. {@code 16 32 64}).
 */
public final class LmThroughputBench {

    private static final int PARALLELISM = 32;
    private static final int BATCH_SIZE = 8;
    private static final long SERVER_MILLIS = 100;
    private static final double SECONDS_PER_RUN = 8.0;

    private LmThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> limits = new ArrayList<>();
        for (String a : args) {
            limits.add(Integer.parseInt(a));
        }
        if (limits.isEmpty()) {
            limits.addAll(List.of(16, 32, 64));
        }
        ObjectNode report = Json.object();
        report.put("benchmark", "lm-throughput");
        report.put("when", Instant.now().toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("jdk", System.getProperty("java.version"));
        report.put("parallelism", PARALLELISM);
        report.put("batchSize", BATCH_SIZE);
        report.put("serverLatencyMillis", SERVER_MILLIS);
        ArrayNode runs = report.putArray("runs");
        try (ScriptedLmServer server = ScriptedLmServer.start(r -> ScriptedLmServer.slow(SERVER_MILLIS,
                ScriptedLmServer.json(Json.object().put("answer", "a"), 20, 3)), 1_000_000)) {
            run(server, 32, 4.0, "warmup");
            run(server, 16, 2.0, "warmup");
            for (int limit : limits) {
                runs.add(run(server, limit, SECONDS_PER_RUN, "measured"));
            }
        }
        Path out = Path.of("target", "bench", "lm-throughput-" + System.currentTimeMillis() + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toPrettyString());
        System.out.println(report.toPrettyString());
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private static ObjectNode run(ScriptedLmServer server, int limit, double seconds, String kind) {
        double ideal = limit * 1000.0 / SERVER_MILLIS;
        int perProgram = (int) Math.ceil(ideal * seconds / PARALLELISM);
        ConcurrencyLimit shared = new ConcurrencyLimit("bench-" + limit + "-" + kind, limit);
        SpringAiChatTransport client = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                Duration.ofSeconds(30), limit);
        LongAdder sendNanos = new LongAdder();
        ChatTransport transport = request -> {
            long t = System.nanoTime();
            try {
                return client.send(request);
            } finally {
                sendNanos.add(System.nanoTime() - t);
            }
        };
        List<LmProgram> programs = new ArrayList<>();
        List<EvaluateArgs> data = new ArrayList<>();
        for (int p = 0; p < PARALLELISM; p++) {
            ManagedLanguageModel lm = ManagedLanguageModel.builder().model("bench").endpoint("scripted")
                    .transport(transport).concurrencyLimit(shared).build();
            programs.add(LmProgram.builder().name("trial-" + p).input(Query.class)
                    .then(Generator.builder(Answer.class).languageModel(lm).temperature(0.0).build()).build()
                    .compile(ExactMatch.onFields("answer")));
            List<Query> x = new ArrayList<>();
            List<Answer> y = new ArrayList<>();
            for (int i = 0; i < perProgram; i++) {
                x.add(new Query(kind + " " + limit + " trial " + p + " sample " + i));
                y.add(new Answer("a"));
            }
            data.add(new EvaluateArgs(x, y, BATCH_SIZE));
        }
        int before = server.requestCount();
        long start = System.nanoTime();
        List<CompletableFuture<Map<String, Double>>> running = new ArrayList<>();
        for (int p = 0; p < PARALLELISM; p++) {
            running.add(programs.get(p).evaluate(data.get(p)).toCompletableFuture());
        }
        double rewardSum = 0;
        for (CompletableFuture<Map<String, Double>> f : running) {
            rewardSum += f.join().get("reward");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int requests = server.requestCount() - before;
        double rate = requests / wall;
        ObjectNode o = Json.object();
        o.put("kind", kind);
        o.put("concurrencyLimit", limit);
        o.put("requests", requests);
        o.put("wallSeconds", wall);
        o.put("requestsPerSecond", rate);
        o.put("idealRequestsPerSecond", ideal);
        o.put("efficiency", rate / ideal);
        o.put("meanSendMillis", sendNanos.sum() / 1e6 / Math.max(1, requests));
        o.put("peakInFlightAtServer", server.peakInFlight());
        o.put("peakPermitsHeld", shared.peak());
        o.put("meanReward", rewardSum / PARALLELISM);
        o.put("systemLoadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        System.out.printf("%s limit=%d: %d requests in %.2f s = %.1f req/s, ideal %.1f, efficiency %.1f %%, "
                + "mean time on the wire %.1f ms%n", kind, limit, requests, wall, rate, ideal, 100 * rate / ideal,
                sendNanos.sum() / 1e6 / Math.max(1, requests));
        return o;
    }
}
