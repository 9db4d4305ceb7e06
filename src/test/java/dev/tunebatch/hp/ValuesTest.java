package dev.tunebatch.hp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    /** Expected strings produced by CPython 3 with {@code f"{v:.5g}"}. */
    @ParameterizedTest
    @CsvSource({
            "0.0022758, 0.0022758",
            "0.00093648, 0.00093648",
            "1e-05, 1e-05",
            "123456.0, 1.2346e+05",
            "0.1, 0.1",
            "3.0, 3",
            "-2.5e-7, -2.5e-07",
            "99999.5, 1e+05",
            "12344.5, 12344",
            "123445.0, 1.2344e+05",
            "99999.49, 99999",
            "100000.0, 1e+05",
            "12345.0, 12345",
            "0.5, 0.5",
            "2.675, 2.675",
            "0.0001, 0.0001",
            "0.00009999995, 0.0001",
            "9.99995, 10",
            "1.23456789e-5, 1.2346e-05",
            "1.5e16, 1.5e+16",
            "1e100, 1e+100",
            "1e-100, 1e-100",
            "5e-324, 4.9407e-324",
            "-0.0022758, -0.0022758",
            "0.0, 0",
            "-0.0, -0",
            "0.0009364795422756949, 0.00093648",
            "NaN, nan",
            "Infinity, inf",
            "-Infinity, -inf",
    })
    void formatG5MatchesPython(double value, String python) {
        assertThat(Values.formatG5(value)).isEqualTo(python);
    }

    /** Expected strings produced by CPython 3 with {@code str(v)}. */
    @ParameterizedTest
    @CsvSource({
            "1e-05, 1e-05",
            "0.0009364795422756949, 0.0009364795422756949",
            "1e16, 1e+16",
            "123456789012345.0, 123456789012345.0",
            "9999999999999998.0, 9999999999999998.0",
            "1.5e-7, 1.5e-07",
            "0.1, 0.1",
            "100.0, 100.0",
            "-0.0, -0.0",
            "0.0001, 0.0001",
            "5e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "-3.0, -3.0",
            "NaN, nan",
    })
    void pythonStrOfFloats(double value, String python) {
        assertThat(Values.pythonStr(value)).isEqualTo(python);
    }

    @Test
    void pythonStrOfOtherValues() {
        assertThat(Values.pythonStr(true)).isEqualTo("True");
        assertThat(Values.pythonStr(false)).isEqualTo("False");
        assertThat(Values.pythonStr(null)).isEqualTo("None");
        assertThat(Values.pythonStr(3)).isEqualTo("3");
        assertThat(Values.pythonStr(3L)).isEqualTo("3");
        assertThat(Values.pythonStr("adam")).isEqualTo("adam");
    }

    @Test
    void displayUsesG5ForFloatsOnly() {
        assertThat(Values.display(0.0009364795422756949)).isEqualTo("0.00093648");
        assertThat(Values.display(123456)).isEqualTo("123456");
        assertThat(Values.display("adam")).isEqualTo("adam");
        assertThat(Values.display(null)).isEqualTo("None");
    }

    @Test
    void sameComparesAcrossBoxedTypesButNeverIntWithDouble() {
        assertThat(Values.same(1, 1L)).isTrue();
        assertThat(Values.same(1.5f, 1.5)).isTrue();
        assertThat(Values.same(1, 1.0)).isFalse();
        assertThat(Values.same("1", 1)).isFalse();
        assertThat(Values.same(true, 1)).isFalse();
        assertThat(Values.same(null, null)).isTrue();
        assertThat(Values.same(null, 0)).isFalse();
        assertThat(Values.same(Double.NaN, Double.NaN)).isTrue();
    }

    @Test
    void canonicalTextSeparatesTypesAndIgnoresKeyOrder() {
        assertThat(Values.canonical(1)).isNotEqualTo(Values.canonical(1.0));
        assertThat(Values.canonical(1)).isNotEqualTo(Values.canonical("1"));
        assertThat(Values.canonical(true)).isNotEqualTo(Values.canonical("true"));
        assertThat(Values.canonical(1)).isEqualTo(Values.canonical(1L));
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "x");
        ba.put("a", 1);
        assertThat(Values.canonical(ab)).isEqualTo(Values.canonical(ba));
        ba.put("a", 1.0);
        assertThat(Values.canonical(ab)).isNotEqualTo(Values.canonical(ba));
        // unlike keras-tuner's "".join(f"{k}={v}"), {"a": "1b=2"} is not {"a": "1", "b": "2"}
        assertThat(Values.canonical(Map.of("a", "1", "b", "2"))).isNotEqualTo(Values.canonical(Map.of("a", "1b=2")));
    }
}
