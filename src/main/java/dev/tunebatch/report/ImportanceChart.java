package dev.tunebatch.report;

import java.util.List;
import java.util.Locale;

import static dev.tunebatch.report.Html.coord;
import static dev.tunebatch.report.Html.escape;

/** Hyperparameter importance as inline SVG: one horizontal bar per hyperparameter, its share of the explained variance. */
final class ImportanceChart {

    private static final double WIDTH = 800;
    private static final double LABEL = 220;
    private static final double BAR = 430;
    private static final double ROW = 28;
    private static final double TOP = 10;

    private ImportanceChart() {
    }

    static String render(List<HyperparameterImportance.Estimate> estimates) {
        double height = Math.max(60, TOP * 2 + ROW * estimates.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"importance\" data-expected-marks=\"").append(estimates.size())
                .append("\" viewBox=\"0 0 ").append(coord(WIDTH)).append(' ').append(coord(height))
                .append("\" role=\"img\" aria-label=\"Share of the score's variance each hyperparameter explains\">");
        if (estimates.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"").append(coord(WIDTH / 2)).append("\" y=\"")
                    .append(coord(height / 2)).append("\" text-anchor=\"middle\">Needs at least ")
                    .append(HyperparameterImportance.MIN_TRIALS).append(" completed trials with different scores and "
                            + "a varying hyperparameter.</text></svg>");
            return svg.toString();
        }
        for (int i = 0; i < estimates.size(); i++) {
            HyperparameterImportance.Estimate e = estimates.get(i);
            double y = TOP + i * ROW;
            String percent = String.format(Locale.ROOT, "%.1f%%", 100 * e.share());
            svg.append("<text class=\"tick\" x=\"").append(coord(LABEL - 8)).append("\" y=\"").append(coord(y + 17))
                    .append("\" text-anchor=\"end\">").append(escape(e.name())).append("</text>");
            svg.append("<rect class=\"bar\" data-mark=\"bar\" data-param=\"").append(escape(e.name()))
                    .append("\" data-share=\"").append(String.format(Locale.ROOT, "%.6f", e.share()))
                    .append("\" x=\"").append(coord(LABEL)).append("\" y=\"").append(coord(y + 4))
                    .append("\" width=\"").append(coord(Math.max(1, BAR * e.share()))).append("\" height=\"")
                    .append(coord(ROW - 8)).append("\"><title>").append(escape(e.name())).append(": ")
                    .append(percent).append(" of the explained variance (\u03b5\u00b2 = ")
                    .append(String.format(Locale.ROOT, "%.3f", e.epsilonSquared())).append(", ").append(e.groups())
                    .append(" groups)</title></rect>");
            svg.append("<text class=\"tick\" x=\"").append(coord(LABEL + Math.max(1, BAR * e.share()) + 6))
                    .append("\" y=\"").append(coord(y + 17)).append("\">").append(percent)
                    .append(String.format(Locale.ROOT, " (\u03b5\u00b2 %.3f)", e.epsilonSquared())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }
}
