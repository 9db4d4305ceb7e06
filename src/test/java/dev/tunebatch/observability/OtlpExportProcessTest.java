package dev.tunebatch.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch process's meters leave it before it exits: the real application runs the demo search in a child JVM with
 * OTLP export pointed at a collector on loopback (a JDK HTTP server that keeps every request), with a step of a day
 * so that no periodic push happens during the run. When the command ends and the process exits, the collector has
 * received the trial meters with the final numbers, which agree with SQL.
 */
class OtlpExportProcessTest {

    private static final int TRIALS = 2;

    @TempDir
    static Path work;

    private static HikariDataSource db;
    private static HttpServer collector;
    private static final List<Request> received = new CopyOnWriteArrayList<>();

    /** One POST the collector received. */
    private record Request(String path, String contentType, byte[] body) {
    }

    @BeforeAll
    static void start() throws IOException {
        db = TestDatabase.create("otlp");
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", OtlpExportProcessTest::receive);
        collector.start();
    }

    @AfterAll
    static void stop() {
        collector.stop(0);
        db.close();
    }

    private static void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            received.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Test
    void theCommandPushesTheTrialMetersBeforeTheProcessExits() throws Exception {
        String url = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/metrics";
        ChildJvm app = ChildJvm.application(work).database(db.getJdbcUrl(), db.getUsername(), db.getPassword())
                .env("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true")
                .env("MANAGEMENT_OTLP_METRICS_EXPORT_URL", url);

        ChildJvm.Result result = app.run(300, "run", "demo", "--tunebatch.demo.max-trials=" + TRIALS,
                "--tunebatch.demo.epochs=1", "--management.otlp.metrics.export.step=1d");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.errLines()).as("nothing on standard error: %s", result).isEmpty();
        assertThat(received).as("pushes the collector received").isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.path()).isEqualTo("/v1/metrics");
                    assertThat(r.contentType()).isEqualTo("application/x-protobuf");
                });
        ExportMetricsServiceRequest last = ExportMetricsServiceRequest.parseFrom(received.getLast().body());
        assertThat(last.getResourceMetricsList()).extracting(rm -> attributes(rm.getResource().getAttributesList()))
                .as("the resource names the service").allSatisfy(a -> assertThat(a).containsEntry("service.name",
                        "tunebatch"));
        Map<String, Metric> metrics = metrics(last);
        assertThat(metrics).containsKeys(SearchMetrics.TRIALS, SearchMetrics.TRIAL_DURATION,
                SearchMetrics.BEST_SCORE, SearchMetrics.LM_TOKENS, SearchMetrics.LM_COST);

        JdbcTemplate jdbc = new JdbcTemplate(db);
        assertThat(gauge(metrics.get(SearchMetrics.TRIALS), Map.of("search", "demo", "status", "COMPLETED")))
                .as("the trials completed by the run, as the database holds them").isEqualTo(TRIALS)
                .isEqualTo(jdbc.queryForObject("select count(*) from tb_trial where search_name = 'demo' and status "
                        + "= 'COMPLETED'", Double.class));
        assertThat(gauge(metrics.get(SearchMetrics.TRIALS), Map.of("search", "demo", "status", "FAILED")))
                .isZero();
        assertThat(gauge(metrics.get(SearchMetrics.BEST_SCORE), Map.of("search", "demo")))
                .isEqualTo(jdbc.queryForObject("select max(score) from tb_trial where search_name = 'demo' and status "
                        + "= 'COMPLETED'", Double.class));

        Metric duration = metrics.get(SearchMetrics.TRIAL_DURATION);
        assertThat(duration.hasHistogram()).as("a timer is an OTLP histogram").isTrue();
        List<HistogramDataPoint> completed = duration.getHistogram().getDataPointsList().stream()
                .filter(p -> attributes(p.getAttributesList()).equals(Map.of("search", "demo",
                        "status", "COMPLETED"))).toList();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).getCount()).as("one duration per trial run in this process").isEqualTo(TRIALS);
        assertThat(completed.get(0).getSum()).isPositive();
    }

    /** Every metric of a request, by name. */
    private static Map<String, Metric> metrics(ExportMetricsServiceRequest request) {
        Map<String, Metric> byName = new TreeMap<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                sm.getMetricsList().forEach(m -> byName.put(m.getName(), m));
            }
        }
        return byName;
    }

    /** The value of the gauge's data point with exactly these attributes. */
    private static double gauge(Metric metric, Map<String, String> attributes) {
        assertThat(metric.hasGauge()).as("%s is an OTLP gauge", metric.getName()).isTrue();
        List<Double> values = new ArrayList<>();
        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
            if (attributes(p.getAttributesList()).equals(attributes)) {
                values.add(p.hasAsDouble() ? p.getAsDouble() : p.getAsInt());
            }
        }
        assertThat(values).as("%s%s", metric.getName(), attributes).hasSize(1);
        return values.get(0);
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> map = new TreeMap<>();
        attributes.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
        return map;
    }
}
