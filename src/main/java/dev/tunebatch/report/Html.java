package dev.tunebatch.report;

import java.util.Locale;

/** Escaping and number formatting for the report: everything from the database goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /** Text safe inside an element or a double- or single-quoted attribute. */
    static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A coordinate for SVG: two decimals, a dot, no exponent. */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A score or value for people: up to 6 significant digits. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A value of a hyperparameter as the table shows it. */
    static String value(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v);
    }
}
