package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.HyperParameters;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The refit schedule and the kernel state that a resumed search warm-starts from. */
class KernelFitterTest {

    @Test
    void refitsEveryTimeWhileSmallThenOnGrowth() {
        RefitSchedule s = RefitSchedule.standard();
        assertThat(s.decide(6, false, 0, 0)).isEqualTo(RefitSchedule.Decision.FULL);
        assertThat(s.decide(7, true, 6, 6)).isEqualTo(RefitSchedule.Decision.WARM);
        assertThat(s.decide(7, true, 7, 6)).as("no new data (parallel workers)").isEqualTo(RefitSchedule.Decision.REUSE);
        assertThat(s.decide(9, true, 8, 6)).isEqualTo(RefitSchedule.Decision.FULL);
        assertThat(s.decide(205, true, 200, 150)).isEqualTo(RefitSchedule.Decision.REUSE);
        assertThat(s.decide(220, true, 200, 150)).isEqualTo(RefitSchedule.Decision.WARM);
        assertThat(s.decide(225, true, 220, 150)).isEqualTo(RefitSchedule.Decision.FULL);
    }

    @Test
    void theScheduleCountsTheTrialsNotTheSubsetTheFitSees() {
        HyperParameters hp = new HyperParameters();
        hp.floatParam("a", 0, 1);
        hp.floatParam("b", 0, 1);
        SearchEncoding enc = new SearchEncoding(hp);
        Random r = new Random(4);
        double[][] x = new double[90][2];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            y[i] = Math.sin(5 * x[i][0]) + x[i][1];
        }
        double[] z = Standardizer.of(y).apply(y);
        KernelFitter fitter = new KernelFitter(1e-4, RefitSchedule.standard());
        KernelParams first = fitter.paramsFor(enc, x, z, 1000, enc.categoricalMask(), r::nextDouble);
        assertThat(fitter.state()).containsEntry("fitted_at", 1000).containsEntry("full_fit_at", 1000);

        KernelParams reused = fitter.paramsFor(enc, x, z, 1050, enc.categoricalMask(), r::nextDouble);
        assertThat(reused.toVector()).as("5 % more trials: the same parameters").isEqualTo(first.toVector());
        assertThat(fitter.state()).containsEntry("fitted_at", 1000);

        fitter.paramsFor(enc, x, z, 1100, enc.categoricalMask(), r::nextDouble);
        assertThat(fitter.state()).as("10 % more: a warm refit").containsEntry("fitted_at", 1100)
                .containsEntry("full_fit_at", 1000);
        fitter.paramsFor(enc, x, z, 1500, enc.categoricalMask(), r::nextDouble);
        assertThat(fitter.state()).as("50 % more: a full refit").containsEntry("full_fit_at", 1500);
    }

    @Test
    void stateSurvivesAndCoversAGrownSpaceWithDefaults() {
        HyperParameters hp = new HyperParameters();
        hp.floatParam("a", 0, 1);
        SearchEncoding one = new SearchEncoding(hp);
        Random r = new Random(3);
        double[][] x = new double[12][1];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = r.nextDouble();
            y[i] = Math.sin(5 * x[i][0]);
        }
        KernelFitter fitter = new KernelFitter(1e-4, RefitSchedule.standard());
        KernelParams fitted = fitter.paramsFor(one, x, Standardizer.of(y).apply(y), one.categoricalMask(),
                r::nextDouble);
        Map<String, Object> state = fitter.state();
        assertThat(state).containsEntry("fitted_at", 12).containsEntry("full_fit_at", 12);

        KernelFitter restored = new KernelFitter(1e-4, RefitSchedule.standard());
        restored.restore(state);
        assertThat(restored.state()).isEqualTo(state);

        hp.floatParam("b", 0, 1);
        SearchEncoding two = new SearchEncoding(hp);
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) state.get("params");
        assertThat(KernelParams.covers(params, two.keys())).isFalse();
        KernelParams grown = KernelParams.fromState(params, two.keys(), LikelihoodFit.priorMode(2, 1e-4));
        assertThat(grown.logLengthScales()[0]).isEqualTo(fitted.logLengthScales()[0]);
        assertThat(grown.logLengthScales()[1]).isEqualTo(LikelihoodFit.PRIOR_LOG_LENGTH);
    }
}
