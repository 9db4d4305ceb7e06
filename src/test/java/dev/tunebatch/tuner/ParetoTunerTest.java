package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.pareto.Dominance;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pareto searches and constraints through the tuner: front, order, summaries, console, resume. */
class ParetoTunerTest {

    @TempDir
    Path dir;

    private static final Objective REWARD = Objective.of("val_reward", Direction.MAX);
    private static final Objective COST = Objective.of("program_cost", Direction.MIN);
    private static final FitArgs ONE_EPOCH = FitArgs.builder().epochs(1).build();

    /** Reward rises with x and cost rises faster: a real trade-off; latency is a third metric to constrain. */
    private static FakeProgram program(double x) {
        return FakeProgram.constant(Map.of("val_reward", Math.sqrt(x), "program_cost", x * x, "latency", 10 * x));
    }

    private RandomSearch.Builder pareto(String project) {
        return RandomSearch.builder().paretoObjectives(REWARD, COST).directory(dir).projectName(project).seed(3)
                .maxTrials(12).verbose(false).hypermodel(hp -> program(hp.floatParam("x", 0, 1)));
    }

    private static double[] minimised(Trial t) {
        return new double[] {-t.metrics().bestValue("val_reward"), t.metrics().bestValue("program_cost")};
    }

    @Test
    void theFrontHoldsTheNonDominatedTrialsAndLeadsTheBestTrials() {
        RandomSearch tuner = pareto("front").build();
        tuner.search(ONE_EPOCH);
        List<Trial> trials = tuner.trials();
        List<Trial> front = tuner.getParetoFront();
        assertThat(front).isNotEmpty();
        for (Trial t : trials) {
            boolean dominated = trials.stream().anyMatch(o -> Dominance.dominates(minimised(o), minimised(t)));
            assertThat(front.stream().anyMatch(f -> f.id().equals(t.id()))).as("trial " + t.id())
                    .isEqualTo(!dominated);
        }
        assertThat(trials).allSatisfy(t -> assertThat(t.score()).isNull());
        List<Trial> best = tuner.getBestTrials(front.size());
        assertThat(best).extracting(Trial::id).containsExactlyElementsOf(front.stream().map(Trial::id).toList());
        assertThat(tuner.getBestHyperparameters(1).get(0).values()).isEqualTo(front.get(0).hyperparameters()
                .values());
        String summary = tuner.resultsSummary(2);
        assertThat(summary).contains("Pareto(objectives=[Objective(name=\"val_reward\", direction=\"max\"), "
                + "Objective(name=\"program_cost\", direction=\"min\")])")
                .contains("Pareto front: " + front.stream().map(Trial::id).toList())
                .contains("Objectives: val_reward: ").contains("Front: 1\n").doesNotContain("Score:");
    }

    @Test
    void theConsoleShowsEachObjectiveAndTheFront() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RandomSearch tuner = pareto("console").maxTrials(3).verbose(true)
                .out(new PrintStream(buf, true, StandardCharsets.UTF_8)).build();
        tuner.search(ONE_EPOCH);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Trial 3 Complete").contains("\nval_reward: ").contains("\nprogram_cost: ")
                .contains("Pareto front so far: ").doesNotContain("Best pareto So Far");
    }

    @Test
    void infeasibleTrialsRankLastAndAreMarked() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RandomSearch tuner = RandomSearch.builder().objective(REWARD).constraints(Constraint.atMost("latency", 5))
                .directory(dir).projectName("constrained").seed(3).maxTrials(12)
                .out(new PrintStream(buf, true, StandardCharsets.UTF_8))
                .hypermodel(hp -> program(hp.floatParam("x", 0, 1))).build();
        tuner.search(ONE_EPOCH);
        List<Trial> trials = tuner.trials();
        long feasible = trials.stream().filter(t -> t.metrics().lastValue("latency") <= 5).count();
        assertThat(feasible).as("the seed gives both kinds").isBetween(1L, 11L);
        List<Trial> best = tuner.getBestTrials(12);
        assertThat(best.subList(0, (int) feasible)).allSatisfy(t -> assertThat(t.metrics().lastValue("latency"))
                .isLessThanOrEqualTo(5.0));
        assertThat(best.get(0).score()).as("the best feasible reward, though infeasible trials score higher")
                .isEqualTo(trials.stream().filter(t -> t.metrics().lastValue("latency") <= 5)
                        .mapToDouble(Trial::score).max().orElseThrow());
        assertThat(tuner.getParetoFront()).extracting(Trial::id).containsExactly(best.get(0).id());
        assertThat(tuner.resultsSummary(12)).contains("Infeasible: latency <= 5.0 (");
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("Infeasible: latency <= 5.0 (");
    }

    @Test
    void aConstrainedMetricTheProgramNeverReportsStopsTheSearchNamingIt() {
        RandomSearch tuner = pareto("unreported").constraints(Constraint.atMost("latencyy", 5)).build();
        assertThatThrownBy(() -> tuner.search(ONE_EPOCH)).isInstanceOf(FatalTrialException.class)
                .hasMessageContaining("constrained metric [latencyy]").hasMessageContaining("latency");
        assertThat(tuner.trials()).singleElement().extracting(Trial::status).isEqualTo(TrialStatus.RUNNING);
    }

    @Test
    void aResumedSearchKeepsItsObjectivesAndTakesNewConstraints() {
        RandomSearch first = pareto("resume").maxTrials(6).build();
        first.search(ONE_EPOCH);
        RandomSearch.Builder changedObjectives = RandomSearch.builder().paretoObjectives(REWARD,
                        Objective.of("latency", Direction.MIN)).directory(dir).projectName("resume").seed(3)
                .maxTrials(6).verbose(false).hypermodel(hp -> program(hp.floatParam("x", 0, 1)));
        assertThatThrownBy(changedObjectives::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("optimises Pareto(objectives=").hasMessageContaining("latency");
        assertThatThrownBy(() -> pareto("resume").maxTrials(6).objectives(REWARD, COST).build())
                .as("the summed multi-objective is another objective").isInstanceOf(IllegalStateException.class);
        RandomSearch constrained = pareto("resume").maxTrials(6).constraints(Constraint.atMost("program_cost", 0.0))
                .build();
        assertThat(constrained.trials()).hasSize(6);
        assertThat(constrained.getParetoFront()).as("nothing is feasible: the least violating trial leads")
                .extracting(t -> t.metrics().bestValue("program_cost"))
                .containsOnly(constrained.trials().stream().mapToDouble(t -> t.metrics().bestValue("program_cost"))
                        .min().orElseThrow());
    }
}
