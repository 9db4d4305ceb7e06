package dev.tunebatch.tuner;

import dev.tunebatch.hp.Values;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Formats plain data the way Python's {@code repr} does, for keras-tuner-compatible summaries. */
final class PythonRepr {

    private PythonRepr() {
    }

    static String of(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean || v instanceof Double || v instanceof Float) {
            return Values.pythonStr(v);
        }
        if (v instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(of(e.getKey())).append(": ").append(of(e.getValue()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(of(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }
}
