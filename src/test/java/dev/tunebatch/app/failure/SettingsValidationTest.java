package dev.tunebatch.app.failure;

import dev.tunebatch.app.config.SettingsConfiguration;
import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.batch.launch.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tunebatch.*} is validated at start-up, and a bad value becomes one line naming the property, the value and
 * the fix, with exit code 78; an unreachable database becomes one line and 69.
 */
class SettingsValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SettingsConfiguration.class);

    @Test
    void theDefaultsNeedNoConfiguration() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            TunebatchProperties p = context.getBean(TunebatchProperties.class);
            assertThat(p.getDefaultSearch()).as("unset: the only declared search").isNull();
            assertThat(p.getEmbedded().getDataDir()).isEqualTo(Path.of(".tunebatch/postgres"));
            assertThat(p.getShutdown().getStopTimeout()).isEqualTo(Duration.ofSeconds(25));
            assertThat(p.getDemo().getMaxTrials()).isEqualTo(10);
            assertThat(p.getSchedule().isEnabled()).isFalse();
            assertThat(p.getSchedule().zoneId()).isEqualTo(ZoneId.systemDefault());
        });
        runner.withPropertyValues("tunebatch.schedule.cron=0 0 2 * * *", "tunebatch.schedule.zone=Europe/Paris",
                "TUNEBATCH_DEMO_MAXTRIALS=7").run(context -> {
            assertThat(context).hasNotFailed();
            TunebatchProperties p = context.getBean(TunebatchProperties.class);
            assertThat(p.getSchedule().isEnabled()).isTrue();
            assertThat(p.getSchedule().zoneId()).isEqualTo(ZoneId.of("Europe/Paris"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tunebatch.demo.max-trials=0          | tunebatch.demo.max-trials=0          | must be at least 1, e.g. 10",
            "tunebatch.demo.max-trials=ten        | tunebatch.demo.max-trials=ten        | give a whole number, e.g. 10",
            "tunebatch.demo.epochs=99             | tunebatch.demo.epochs=99             | must be at most 20",
            "tunebatch.demo.dataset=              | tunebatch.demo.dataset=              | must name a JSONL file",
            "tunebatch.default-search=no way      | tunebatch.default-search=no way      | is not a search name",
            "tunebatch.schedule.cron=nightly      | tunebatch.schedule.cron=nightly      | e.g. '0 0 2 * * *' for 02:00 every night",
            "tunebatch.schedule.zone=Mars/Olympus | tunebatch.schedule.zone=Mars/Olympus | give a region id such as Europe/Paris",
            "tunebatch.schedule.run-key-pattern=yyyy-MM-dd-qqqqqq | tunebatch.schedule.run-key-pattern= | give e.g. yyyy-MM-dd",
            "tunebatch.schedule.trials-per-run=0  | tunebatch.schedule.trials-per-run=0  | must be at least 1",
            "tunebatch.schedule.run-key-pattern=yyyy-MM-dd HH:mm | tunebatch.schedule.run-key-pattern=yyyy-MM-dd HH:mm | makes run keys such as 'scheduled-2024-01-01 23:59'",
            "tunebatch.report.dir=/proc/version/reports | tunebatch.report.dir=/proc/version/reports | cannot be a folder: /proc/version is a file",
            "tunebatch.shutdown.stop-timeout=10ms | tunebatch.shutdown.stop-timeout=10ms | must be at least 1s",
            "tunebatch.shutdown.stop-timeout=soon | tunebatch.shutdown.stop-timeout=soon | give a duration, e.g. 25s",
    })
    void aBadSettingStopsStartUpWithOneLineNamingPropertyValueAndFix(String setting, String named, String fix) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            String line = line(failure);
            assertThat(line).startsWith("tunebatch: ").contains(named).contains(fix)
                    .contains("Fix it where it is set (--" + named.substring(0, named.indexOf('=')) + "=...")
                    .doesNotContain("\n");
            assertThat(StartupFailures.exitCode(failure)).isEqualTo(ExitCodes.CONFIG);
        });
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExit69WithoutItsSecrets() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/tunebatch?password=s3cret";
        assertThatThrownBy(() -> DatabaseCheck.check(url, "me", "hunter2"))
                .isInstanceOf(ServiceUnavailableException.class)
                .satisfies(e -> {
                    assertThat(line(e)).startsWith("tunebatch: The database at jdbc:postgresql://127.0.0.1:"
                                    + closed + "/tunebatch is unreachable")
                            .contains("fix spring.datasource.url").doesNotContain("s3cret").doesNotContain("hunter2");
                    assertThat(StartupFailures.exitCode(new IllegalStateException("wrapped", e)))
                            .isEqualTo(ExitCodes.UNAVAILABLE);
                });
        assertThat(StartupFailures.exitCode(new IllegalStateException("a bug"))).isEqualTo(ExitCodes.INTERNAL_ERROR);
    }

    private static String line(Throwable failure) {
        FailureAnalysis analysis = new OneLineFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return OneLineFailureReporter.line(analysis);
    }
}
