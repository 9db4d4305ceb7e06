package dev.tunebatch.hp;

import java.util.Map;
import java.util.TreeMap;

/** Value helpers shared by the hyperparameter types: kinds, comparisons across boxed types, and canonical text. */
public final class Values {

    /**
     * Config key of a type hint written by {@link ChoiceParam} and {@link FixedParam} when their values are
     * {@code Long}s, which JSON would otherwise read back as {@code Integer}s.
     */
    static final String VALUE_TYPE_KEY = "value_type";
    static final String LONG_TYPE = "long";

    /** The kinds of value a hyperparameter can hold. */
    public enum Kind { STRING, INTEGRAL, FLOATING, BOOLEAN }

    private Values() {
    }

    /** The kind of a value, or an exception naming {@code name} when the type is not supported. */
    public static Kind kindOf(String name, Object value) {
        if (value instanceof String) {
            return Kind.STRING;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Kind.INTEGRAL;
        }
        if (value instanceof Double || value instanceof Float) {
            return Kind.FLOATING;
        }
        throw new IllegalArgumentException("Hyperparameter '" + name + "': value " + value + " of type "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + " is not supported; use String, Integer, Long, Double or Boolean.");
    }

    /** Equality that treats {@code 1}, {@code 1L} alike and {@code 1.0f}, {@code 1.0} alike, but never an int and a double. */
    public static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isIntegral(a) && isIntegral(b)) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        if (isFloating(a) && isFloating(b)) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
        }
        return a.equals(b);
    }

    /** {@code v} as a {@code Long} when it is integral, else unchanged. */
    static Object toLongIfIntegral(Object v) {
        return isIntegral(v) ? (Object) ((Number) v).longValue() : v;
    }

    static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
    }

    static boolean isFloating(Object v) {
        return v instanceof Double || v instanceof Float;
    }

    /** Canonical text of a value, distinguishing {@code 1} from {@code 1.0} from {@code "1"} from {@code true}. */
    public static String canonical(Object v) {
        if (v == null) {
            return "n:";
        }
        if (isIntegral(v)) {
            return "i:" + ((Number) v).longValue();
        }
        if (isFloating(v)) {
            return "f:" + ((Number) v).doubleValue();
        }
        if (v instanceof Boolean) {
            return "b:" + v;
        }
        return "s:" + v;
    }

    /** Canonical text of a value set: keys sorted, each {@code key=canonical(value)}; equal sets give equal text. */
    public static String canonical(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            sb.append(e.getKey()).append('=').append(canonical(e.getValue())).append('\u001f');
        }
        return sb.toString();
    }

    /**
     * Python's {@code str(v)}, as keras-tuner prints values in summaries: {@code True}/{@code False}/{@code None},
     * floats in shortest round-trip form with Python's layout ({@code 0.001}, {@code 1e-05}, {@code 100.0},
     * {@code 1e+16}), everything else as text.
     */
    public static String pythonStr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (isFloating(v)) {
            return pythonFloat(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(d) < 0 ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as Python's repr does, except that it
        // never uses a single digit where two would be closer (4.9E-324 where Python says 5e-324).
        double abs = Math.abs(d);
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(abs)).stripTrailingZeros();
        if (bd.precision() == 2) {
            java.math.BigDecimal one = new java.math.BigDecimal(abs)
                    .round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (one.doubleValue() == abs) {
                bd = one.stripTrailingZeros();
            }
        }
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 16) {
            String digits = bd.unscaledValue().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = bd.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /** keras-tuner's display form: numbers with 5 significant digits, other values as text. */
    public static String display(Object v) {
        if (v == null) {
            return "None";
        }
        if (isFloating(v)) {
            return formatG5(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    /**
     * Python's {@code f"{v:.5g}"}: five significant digits, rounded half-even on the exact binary value (as CPython
     * does), positional for decimal exponents -4..4 and {@code d.dddde±XX} otherwise, trailing zeros dropped.
     */
    public static String formatG5(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(v)
                .round(new java.math.MathContext(5, java.math.RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1;
        if (exp < -4 || exp >= 5) {
            String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                    + Math.abs(exp);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
