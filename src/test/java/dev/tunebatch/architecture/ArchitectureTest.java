package dev.tunebatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.SearchSession;
import dev.tunebatch.tuner.TrialControl;
import dev.tunebatch.tuner.TrialDriver;
import dev.tunebatch.tuner.TrialLife;
import dev.tunebatch.tuner.TrialRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;


/** The layering of the README's Architecture section: the tuning core is plain Java, and packages never form cycles. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tunebatch");
    }

    @Test
    void coreImportsNothingFromSpring() {
        noClasses().that().resideInAnyPackage("dev.tunebatch.hp..", "dev.tunebatch.oracle..",
                        "dev.tunebatch.program..", "dev.tunebatch.tuner..", "dev.tunebatch.store",
                        "dev.tunebatch.store.file..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void hyperparametersDependOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.tunebatch.hp..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tunebatch.hp..")
                .check(classes);
    }

    @Test
    void oracleAndProgramDependOnNoJsonLibrary() {
        noClasses().that().resideInAnyPackage("dev.tunebatch.oracle..", "dev.tunebatch.program..")
                .should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml..")
                .check(classes);
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("hp").definedBy("dev.tunebatch.hp..")
                .layer("oracle").definedBy("dev.tunebatch.oracle..")
                .layer("program").definedBy("dev.tunebatch.program..")
                .layer("store").definedBy("dev.tunebatch.store..")
                .layer("tuner").definedBy("dev.tunebatch.tuner..")
                .layer("batch").definedBy("dev.tunebatch.batch..")
                .layer("lm").definedBy("dev.tunebatch.lm..")
                .layer("report").definedBy("dev.tunebatch.report..")
                .layer("observability").definedBy("dev.tunebatch.observability..")
                .layer("app").definedBy("dev.tunebatch.app..")
                .layer("autoconfigure").definedBy("dev.tunebatch.autoconfigure..")
                .whereLayer("autoconfigure").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("autoconfigure")
                .whereLayer("report").mayOnlyBeAccessedByLayers("app", "autoconfigure")
                .whereLayer("observability").mayOnlyBeAccessedByLayers("app", "autoconfigure")
                .whereLayer("batch").mayOnlyBeAccessedByLayers("app", "autoconfigure", "report", "observability")
                .whereLayer("lm").mayOnlyBeAccessedByLayers("app")
                .whereLayer("tuner").mayOnlyBeAccessedByLayers("batch", "app")
                .whereLayer("store").mayOnlyBeAccessedByLayers("tuner", "batch", "app")
                .whereLayer("program").mayOnlyBeAccessedByLayers("tuner", "batch", "lm", "app")
                .whereLayer("oracle").mayOnlyBeAccessedByLayers("store", "tuner", "batch", "observability", "app",
                        "report")
                .check(classes);
    }

    @Test
    void lmRuntimeStaysBelowTheTuner() {
        noClasses().that().resideInAPackage("dev.tunebatch.lm..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tunebatch.tuner..", "dev.tunebatch.store..",
                        "dev.tunebatch.oracle..", "dev.tunebatch.app..", "dev.tunebatch.batch..")
                .check(classes);
    }

    @Test
    void batchKnowsReportsAndMetricsOnlyAsObservers() {
        noClasses().that().resideInAPackage("dev.tunebatch.batch..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tunebatch.report..",
                        "dev.tunebatch.observability..", "io.micrometer.core..")
                .check(classes);
    }

    @Test
    void reportsAndMetricsReadSqlNotTheTuningCore() {
        noClasses().that().resideInAnyPackage("dev.tunebatch.report..", "dev.tunebatch.observability..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tunebatch.tuner..", "dev.tunebatch.store..",
                        "dev.tunebatch.lm..", "dev.tunebatch.app..")
                .check(classes);
    }

    @Test
    void theTuningCoreNeverDependsOnTheEngine() {
        noClasses().that().resideInAnyPackage("dev.tunebatch.hp..", "dev.tunebatch.oracle..",
                        "dev.tunebatch.program..", "dev.tunebatch.tuner..", "dev.tunebatch.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tunebatch.batch..", "dev.tunebatch.app..",
                        "dev.tunebatch.autoconfigure..")
                .check(classes);
    }

    @Test
    void theEngineNeverDependsOnLaunching() {
        noClasses().that().resideInAPackage("dev.tunebatch.batch")
                .should().dependOnClassesThat().resideInAPackage("dev.tunebatch.batch.launch..")
                .check(classes);
    }

    @Test
    void oneTrialLifeRunsEveryTrial() {
        noClasses().that().doNotHaveFullyQualifiedName(TrialLife.class.getName())
                .should().callMethod(TrialRunner.class, "run", Trial.class, FitArgs.class, Executor.class,
                        TrialControl.class)
                .because("every executor of a trial drives it through TrialLife")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName(TrialDriver.class.getName())
                .should().callMethod(SearchSession.class, "nextTrial", String.class)
                .because("one loop, TrialDriver, asks the oracle for trials")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.tunebatch.(**)").should().beFreeOfCycles().check(classes);
    }

    // The read model of a stored search: one package reads tb_search and tb_trial, the JDBC store writes them.

    /** SQL naming a search table after a keyword (prose such as "the tables tb_search, tb_trial" is not SQL). */
    private static final Pattern SEARCH_TABLE_SQL =
            Pattern.compile("(?i)\\b(from|join|update|into)\\s+(tb_trial|tb_search)\\b");

    @Test
    void theReadModelDependsOnTheSchemaNotOnItsReaders() {
        noClasses().that().resideInAPackage("dev.tunebatch.results..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tunebatch.batch..", "dev.tunebatch.report..",
                        "dev.tunebatch.app..", "dev.tunebatch.observability..", "dev.tunebatch.autoconfigure..",
                        "dev.tunebatch.tuner..", "dev.tunebatch.store..", "dev.tunebatch.lm..")
                .check(classes);
    }

    /**
     * ArchUnit sees no string literal (and javac inlines string constants), so this reads the main sources: outside
     * {@code results} and {@code store.jdbc} no file holds SQL on {@code tb_trial} or {@code tb_search}.
     */
    @Test
    void onlyTheReadModelAndTheJdbcStoreQueryTheSearchTables() throws IOException {
        Path root = Path.of("src/main/java");
        Path results = root.resolve("dev/tunebatch/results");
        Path store = root.resolve("dev/tunebatch/store/jdbc");
        List<Path> querying;
        try (Stream<Path> files = Files.walk(root)) {
            querying = files.filter(f -> f.toString().endsWith(".java")).filter(ArchitectureTest::queriesSearchTables)
                    .toList();
        }
        assertThat(querying).as("the pattern finds the JDBC store's statements").anyMatch(f -> f.startsWith(store));
        assertThat(querying).as("files with SQL on tb_trial/tb_search outside dev.tunebatch.results and store.jdbc")
                .allMatch(f -> f.startsWith(results) || f.startsWith(store));
    }

    private static boolean queriesSearchTables(Path file) {
        try {
            return SEARCH_TABLE_SQL.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
