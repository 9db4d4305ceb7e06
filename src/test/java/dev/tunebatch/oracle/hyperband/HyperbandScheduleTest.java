package dev.tunebatch.oracle.hyperband;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyperbandScheduleTest {

    @Test
    void bracketConfigsOf8Epochs2Factor() {
        HyperbandSchedule s = new HyperbandSchedule(8, 2);

        assertThat(s.numBrackets()).isEqualTo(4);
        assertThat(s.numRounds(3)).isEqualTo(4);
        assertThat(s.size(3, 0)).isEqualTo(8);
        assertThat(s.epochs(3, 0)).isEqualTo(1);
        assertThat(s.size(3, 3)).isEqualTo(1);
        assertThat(s.epochs(3, 3)).isEqualTo(8);
        assertThat(s.numRounds(0)).isEqualTo(1);
        assertThat(s.size(0, 0)).isEqualTo(4);
        assertThat(s.epochs(0, 0)).isEqualTo(8);
    }

    @Test
    void logIsComputedAsPythonsMathLog() {
        assertThat(HyperbandSchedule.log(1000, 10)).isEqualTo(2.9999999999999996);
        assertThat(HyperbandSchedule.log(9, 3)).isEqualTo(2.0);
        assertThat(HyperbandSchedule.log(27, 3)).isEqualTo(3.0);
        assertThat(HyperbandSchedule.log(81, 3)).isEqualTo(4.0);
        assertThat(HyperbandSchedule.log(125, 5)).isEqualTo(3.0000000000000004);
        assertThat(HyperbandSchedule.log(243, 3)).isEqualTo(4.999999999999999);
        assertThat(HyperbandSchedule.log(100, 3)).isEqualTo(4.19180654857877);
    }

    @Test
    void theBracketsOf100Epochs() {
        HyperbandSchedule s = new HyperbandSchedule(100, 3);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        for (int r = 0; r <= 4; r++) {
            sizes.add(s.size(4, r));
            epochs.add(s.epochs(4, r));
        }

        assertThat(s.numBrackets()).isEqualTo(5);
        assertThat(sizes).containsExactly(98, 33, 11, 4, 2);
        assertThat(epochs).containsExactly(2, 4, 12, 34, 100);
    }

    @ParameterizedTest
    @CsvSource({"9,3,23,75", "27,3,70,375", "8,2,36,", "81,3,211,", "100,3,254,", "1000,10,1287,"})
    void trialsAndEpochsOfOneIteration(int maxEpochs, int factor, int trials, Long epochs) {
        HyperbandSchedule s = new HyperbandSchedule(maxEpochs, factor);

        assertThat(s.trialsPerIteration()).isEqualTo(trials);
        if (epochs != null) {
            assertThat(s.epochsPerIteration()).isEqualTo(epochs);
        }
    }

    @Test
    void rejectsAFactorBelow2AndNoEpochs() {
        assertThatThrownBy(() -> new HyperbandSchedule(8, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor: 1").hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new HyperbandSchedule(0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEpochs: 0");
    }

    @Test
    void rejectsBracketsAndRoundsOutsideTheSchedule() {
        HyperbandSchedule s = new HyperbandSchedule(9, 3);

        assertThatThrownBy(() -> s.size(3, 0)).hasMessageContaining("bracket: 3").hasMessageContaining("0 to 2");
        assertThatThrownBy(() -> s.epochs(1, 2)).hasMessageContaining("round: 2").hasMessageContaining("0 to 1");
    }
}
