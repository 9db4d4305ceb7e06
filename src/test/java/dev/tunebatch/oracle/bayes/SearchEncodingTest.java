package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.hp.Sampling;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How hyperparameter values become coordinates: sampling space, integer-awareness, categories, inactive ones. */
class SearchEncodingTest {

    private static SearchEncoding encoding(java.util.function.Consumer<HyperParameters> space) {
        HyperParameters hp = new HyperParameters();
        space.accept(hp);
        return new SearchEncoding(hp);
    }

    @Test
    void logSampledFloatsAreModelledInLogSpace() {
        SearchEncoding e = encoding(hp -> hp.floatParam("lr", 1e-5, 1e-1,
                FloatOptions.defaults().sampling(Sampling.LOG)));
        assertThat(e.encode(Map.of("lr", 1e-3))[0]).isCloseTo(0.5, within(1e-12));
        assertThat((Double) e.decode(new double[] {0.25}).get("lr")).isCloseTo(1e-4, within(1e-15));
        assertThat(e.dimension(0).continuous()).isTrue();
    }

    @Test
    void integersAndStepsOnlyTakeTheCoordinatesOfRealValues() {
        SearchEncoding e = encoding(hp -> {
            hp.intParam("layers", 1, 8);
            hp.intParam("units", 16, 512, IntOptions.defaults().step(16));
            hp.intParam("width", 2, 1024, IntOptions.defaults().sampling(Sampling.LOG));
        });
        double[] snapped = e.canonical(new double[] {0.51, 0.5, 0.5});
        assertThat(e.decode(snapped)).isEqualTo(Map.of("layers", 5, "units", 272, "width", 45));
        assertThat(snapped[0]).isEqualTo((4 + 0.5) / 8);
        assertThat(((SteppedDimension) e.dimension(1)).levels()).isEqualTo(32);
        assertThat(e.dimension(0).neighbours(snapped[0])).containsExactly(3.5 / 8, 5.5 / 8);
        assertThat(e.decode(new double[] {0, 0, e.dimension(2).neighbours(snapped[2])[1]}).get("width"))
                .isEqualTo(46);
        assertThat(e.dimension(0).continuous()).isFalse();
    }

    @Test
    void unorderedChoicesAndBooleansAreCategories() {
        SearchEncoding e = encoding(hp -> {
            hp.choice("opt", List.of("sgd", "adam", "rmsprop"));
            hp.booleanParam("bn");
            hp.choice("batch", List.of(16, 32, 64));
            hp.fixed("seed", 3);
        });
        assertThat(e.size()).as("Fixed takes no dimension").isEqualTo(3);
        assertThat(e.categoricalMask()).containsExactly(true, true, false);
        assertThat(e.encode(Map.of("opt", "rmsprop", "bn", true, "batch", 32, "seed", 3)))
                .containsExactly(2.0, 1.0, 0.5);
        assertThat(e.decode(new double[] {1, 0, 0.9})).isEqualTo(Map.of("opt", "adam", "bn", false, "batch", 64,
                "seed", 3));
        assertThat(e.dimension(0).neighbours(1)).containsExactly(0, 2);
        assertThat(MaternKernel.squaredDifference(0, 2, true)).isEqualTo(1.0);
    }

    @Test
    void inactiveConditionalHyperparametersAreAbsentNotDefault() {
        SearchEncoding e = encoding(hp -> {
            hp.choice("model", List.of("mlp", "cnn"));
            try (var s = hp.openConditionalScope("model", List.of("mlp"))) {
                hp.intParam("units", 1, 4);
            }
            try (var s = hp.openConditionalScope("model", List.of("cnn"))) {
                hp.floatParam("filters", 0, 1);
            }
        });
        double[] mlp = e.encode(Map.of("model", "mlp", "units", 2));
        double[] cnn = e.encode(Map.of("model", "cnn", "filters", 0.25));
        assertThat(mlp[2]).isNaN();
        assertThat(cnn[1]).isNaN();
        assertThat(e.decode(new double[] {1, 0.1, 0.25})).isEqualTo(Map.of("model", "cnn", "filters", 0.25));
        assertThat(e.canonical(new double[] {0, 0.9, 0.25})[2]).isNaN();
        assertThat(MaternKernel.squaredDifference(Double.NaN, Double.NaN, false)).isZero();
        assertThat(MaternKernel.squaredDifference(Double.NaN, 0.3, false)).isEqualTo(1.0);
    }
}
