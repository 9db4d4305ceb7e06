package dev.tunebatch.app.config;

import dev.tunebatch.batch.launch.RunKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The application's settings, {@code tunebatch.*} (the LM endpoints, {@code tunebatch.lm.*}, are bound by the LM
 * runtime). Validated at start-up: a bad value stops the application with one line naming the property, the value and
 * the fix (exit 78). Simple bounds are Jakarta constraints; the cron expression, time zone, run-key pattern and
 * stop timeout are checked by {@link #validate}.
 */
@Validated
@ConfigurationProperties(prefix = "tunebatch")
public class TunebatchProperties implements Validator {

    /** The search run by the command line when no command is given; unset: the only declared search. */
    @Pattern(regexp = SEARCH_NAME, message = "is not a search name; use letters, digits, '.', '_' or '-', e.g. demo")
    private String defaultSearch;

    @Valid
    private final Cli cli = new Cli();
    @Valid
    private final Embedded embedded = new Embedded();
    @Valid
    private final Report report = new Report();
    @Valid
    private final Shutdown shutdown = new Shutdown();
    @Valid
    private final Demo demo = new Demo();
    @Valid
    private final Schedule schedule = new Schedule();

    static final String SEARCH_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    public String getDefaultSearch() {
        return defaultSearch;
    }

    public void setDefaultSearch(String defaultSearch) {
        this.defaultSearch = defaultSearch;
    }

    public Cli getCli() {
        return cli;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Report getReport() {
        return report;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Demo getDemo() {
        return demo;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    @Override
    public boolean supports(Class<?> type) {
        return TunebatchProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        TunebatchProperties p = (TunebatchProperties) target;
        Duration stop = p.shutdown.stopTimeout;
        if (stop == null || stop.compareTo(Duration.ofSeconds(1)) < 0) {
            errors.rejectValue("shutdown.stopTimeout", "min", "must be at least 1s, e.g. 25s (keep it below "
                    + "Kubernetes' terminationGracePeriodSeconds)");
        }
        Schedule s = p.schedule;
        if (s.isEnabled()) {
            try {
                CronExpression.parse(s.cron);
            } catch (IllegalArgumentException e) {
                errors.rejectValue("schedule.cron", "cron", "is not a cron expression (" + e.getMessage()
                        + "); give six fields, second minute hour day-of-month month day-of-week, e.g. "
                        + "'0 0 2 * * *' for 02:00 every night");
            }
        }
        if (s.zone != null && !s.zone.isBlank()) {
            try {
                ZoneId.of(s.zone);
            } catch (DateTimeException e) {
                errors.rejectValue("schedule.zone", "zone", "is not a time zone; give a region id such as "
                        + "Europe/Paris or UTC");
            }
        }
        try {
            DateTimeFormatter format = DateTimeFormatter.ofPattern(s.runKeyPattern);
            runKeyProblem(format).ifPresent(problem -> errors.rejectValue("schedule.runKeyPattern", "run-key",
                    problem + "; give a pattern whose text is letters, digits and . _ - : + @ only, e.g. "
                            + "yyyy-MM-dd for one run per day"));
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.rejectValue("schedule.runKeyPattern", "pattern", "is not a date-time pattern; give e.g. "
                    + "yyyy-MM-dd for one run per day");
        }
        folderProblem(p.report.dir).ifPresent(problem -> errors.rejectValue("report.dir", "folder", problem
                + "; give a folder that exists or can be created, e.g. .tunebatch/reports"));
        folderProblem(p.embedded.dataDir).ifPresent(problem -> errors.rejectValue("embedded.dataDir", "folder",
                problem + "; give a folder that exists or can be created, e.g. .tunebatch/postgres"));
        if (s.search != null && !s.search.isBlank() && !s.search.matches(SEARCH_NAME)) {
            errors.rejectValue("schedule.search", "name", "is not a search name; use letters, digits, '.', '_' "
                    + "or '-', e.g. demo");
        }
    }

    /**
     * Why the run keys {@code pattern} makes (the schedule's keys, {@code scheduled-<time>}) would be refused, tried on
     * every day of a leap year at 23:59:59.999; empty when they are all valid.
     */
    static Optional<String> runKeyProblem(DateTimeFormatter pattern) {
        ZonedDateTime day = ZonedDateTime.of(2024, 1, 1, 23, 59, 59, 999_000_000, ZoneOffset.UTC);
        for (int i = 0; i < 366; i++, day = day.plusDays(1)) {
            String key;
            try {
                key = Schedule.RUN_KEY_PREFIX + pattern.format(day);
            } catch (DateTimeException e) {
                return Optional.of("cannot format a time (" + e.getMessage() + ")");
            }
            Optional<String> problem = RunKey.problem(key);
            if (problem.isPresent()) {
                return Optional.of("makes run keys such as '" + RunKey.shown(key) + "', which " + problem.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code dir} can never be a folder (it, or the nearest part of its path that exists, is a file), or empty.
     * Whether it can be written is not checked here: a read-only working directory is fine for commands that write
     * nothing there (a Kubernetes pod with an external database).
     */
    static Optional<String> folderProblem(Path dir) {
        Path p = dir == null ? null : dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null || Files.isDirectory(p) ? Optional.empty()
                : Optional.of("cannot be a folder: " + p + " is a file");
    }

    /** {@code tunebatch.cli.*}: the command line. */
    public static class Cli {
        /** Run a command (or the default search) at start-up and exit; false to start without one. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code tunebatch.embedded.*}: the embedded PostgreSQL used when {@code spring.datasource.url} is unset. */
    public static class Embedded {
        /** Where the embedded PostgreSQL keeps its data; running again in the same folder resumes. */
        @NotNull(message = "must be set, e.g. .tunebatch/postgres")
        private Path dataDir = Path.of(".tunebatch/postgres");

        public Path getDataDir() {
            return dataDir;
        }

        public void setDataDir(Path dataDir) {
            this.dataDir = dataDir;
        }
    }

    /** {@code tunebatch.report.*}: where the command line writes a search's text report. */
    public static class Report {
        /** The folder of the text reports ({@code <search>.txt}). */
        @NotNull(message = "must be set, e.g. .tunebatch/reports")
        private Path dir = Path.of(".tunebatch/reports");

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }
    }

    /** {@code tunebatch.shutdown.*}: graceful stop on SIGTERM. */
    public static class Shutdown {
        /** How long SIGTERM waits for running trials to reach an epoch boundary and stop. */
        private Duration stopTimeout = Duration.ofSeconds(25);

        public Duration getStopTimeout() {
            return stopTimeout;
        }

        public void setStopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
        }
    }

    /** {@code tunebatch.demo.*}: the demo searches. */
    public static class Demo {
        /** Trials of the offline demo search. */
        @Min(value = 1, message = "must be at least 1, e.g. 10")
        @Max(value = 200, message = "must be at most 200, e.g. 10")
        private int maxTrials = 10;

        /** Training epochs of each demo trial. */
        @Min(value = 1, message = "must be at least 1, e.g. 2")
        @Max(value = 20, message = "must be at most 20, e.g. 2")
        private int epochs = 2;

        /** The seed of the tuner and of the programs. */
        private long seed = 42;

        /** The labelled dataset, JSONL with text, label and split: {@code classpath:...} or a file path. */
        @NotBlank(message = "must name a JSONL file, e.g. classpath:datasets/support-intents.jsonl or "
                + "file:/data/intents.jsonl")
        private String dataset = "classpath:datasets/support-intents.jsonl";

        @Valid
        private final Generative generative = new Generative();

        public int getMaxTrials() {
            return maxTrials;
        }

        public void setMaxTrials(int maxTrials) {
            this.maxTrials = maxTrials;
        }

        public int getEpochs() {
            return epochs;
        }

        public void setEpochs(int epochs) {
            this.epochs = epochs;
        }

        public long getSeed() {
            return seed;
        }

        public void setSeed(long seed) {
            this.seed = seed;
        }

        public String getDataset() {
            return dataset;
        }

        public void setDataset(String dataset) {
            this.dataset = dataset;
        }

        public Generative getGenerative() {
            return generative;
        }
    }

    /** {@code tunebatch.demo.generative.*}: the generative demo, available when an LM endpoint is configured. */
    public static class Generative {
        /** The endpoint (a key of {@code tunebatch.lm.endpoints}); by default the only one configured. */
        private String endpoint;
        /** The model; by default the first one the endpoint lists. */
        private String model;
        /** Trials of the generative demo search. */
        @Min(value = 1, message = "must be at least 1, e.g. 4")
        @Max(value = 50, message = "must be at most 50, e.g. 4")
        private int maxTrials = 4;

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public int getMaxTrials() {
            return maxTrials;
        }

        public void setMaxTrials(int maxTrials) {
            this.maxTrials = maxTrials;
        }
    }

    /** {@code tunebatch.schedule.*}: run a search on a cron schedule inside a long-running service. */
    public static class Schedule {
        /** What every scheduled run key starts with, before the tick's formatted time. */
        public static final String RUN_KEY_PREFIX = "scheduled-";

        /** Spring cron expression (six fields); when set the application stays up and runs the search at each tick. */
        private String cron;
        /** The time zone of the cron expression; by default the system's. */
        private String zone;
        /** The search to run; by default {@code tunebatch.default-search}. */
        private String search;
        /** Formats the tick's time into its run key: ticks with the same key continue one run. */
        private String runKeyPattern = "yyyy-MM-dd";
        /** With a value, each run key adds at most this many trials (nightly continuation); else the tuner's limit. */
        @Min(value = 1, message = "must be at least 1, e.g. 5, or unset")
        private Integer trialsPerRun;

        /** Whether a schedule is configured. */
        public boolean isEnabled() {
            return cron != null && !cron.isBlank();
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        /** The zone to evaluate the cron expression in. */
        public ZoneId zoneId() {
            return zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        }

        public String getSearch() {
            return search;
        }

        public void setSearch(String search) {
            this.search = search;
        }

        public String getRunKeyPattern() {
            return runKeyPattern;
        }

        public void setRunKeyPattern(String runKeyPattern) {
            this.runKeyPattern = runKeyPattern;
        }

        public Integer getTrialsPerRun() {
            return trialsPerRun;
        }

        public void setTrialsPerRun(Integer trialsPerRun) {
            this.trialsPerRun = trialsPerRun;
        }
    }
}
