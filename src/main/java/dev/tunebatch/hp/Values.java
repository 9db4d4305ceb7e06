package dev.tunebatch.hp;

import java.util.Map;
import java.util.TreeMap;

/** Value helpers shared by the hyperparameter types: kinds, comparisons across boxed types, and canonical text. */
public final class Values {

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

    /** Python's {@code f"{v:.5g}"}. */
    public static String formatG5(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(5)).toString();
        double rounded = Double.parseDouble(s);
        if (rounded != 0) {
            exp = (int) Math.floor(Math.log10(Math.abs(rounded)));
        }
        if (exp < -4 || exp >= 5) {
            String mant = stripZeros(String.format(java.util.Locale.ROOT, "%.4f", rounded / Math.pow(10, exp)));
            return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        int decimals = Math.max(0, 4 - exp);
        return stripZeros(String.format(java.util.Locale.ROOT, "%." + decimals + "f", rounded));
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
