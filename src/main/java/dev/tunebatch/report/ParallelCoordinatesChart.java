package dev.tunebatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.tunebatch.report.Html.coord;
import static dev.tunebatch.report.Html.escape;

/**
 * Parallel coordinates as inline SVG: one vertical axis per hyperparameter that varies among the completed trials
 * (numeric axes scaled between their bounds, logarithmic for log-sampled ones; categorical axes spaced evenly), then
 * the score, or in a Pareto search one axis per objective; one line per completed trial, coloured by score (by front
 * in a Pareto search), the best drawn last. A trial without a value on an axis
 * (an inactive conditional hyperparameter) has a gap there.
 */
final class ParallelCoordinatesChart {

    private static final double AXIS_SPACING = 150;
    private static final double MIN_WIDTH = 800;
    private static final double HEIGHT = 380;
    private static final double SIDE = 70;
    private static final double TOP = 46;
    private static final double BOTTOM = 40;
    private static final int MAX_LABEL = 22;

    private ParallelCoordinatesChart() {
    }

    /** The axes of the chart: the varying hyperparameters, then the score (a Pareto search: each objective). */
    static List<ChartAxis> axes(SearchReport report) {
        List<ReportTrial> completed = report.completed();
        List<ChartAxis> axes = new ArrayList<>();
        for (HyperparameterSpec spec : report.hyperparameters()) {
            ChartAxis.of(spec, completed).ifPresent(axes::add);
        }
        if (report.pareto()) {
            for (int j = 0; j < report.paretoObjectives().size(); j++) {
                int k = j;
                double min = completed.stream().mapToDouble(t -> t.objectives().get(k)).min().orElse(0);
                double max = completed.stream().mapToDouble(t -> t.objectives().get(k)).max().orElse(1);
                axes.add(new ChartAxis.Numeric(report.paretoObjectives().get(j).name(), min, max, false));
            }
            return axes;
        }
        ScoreScale scale = ScoreScale.of(report);
        axes.add(new ChartAxis.Numeric(report.objective() == null ? "score" : report.objective(), scale.min(),
                scale.max(), false));
        return axes;
    }

    /** How many axes at the right end carry the objectives. */
    private static int objectiveAxes(SearchReport report) {
        return report.pareto() ? report.paretoObjectives().size() : 1;
    }

    /** A trial's value on objective axis {@code k}. */
    private static Object objectiveValue(SearchReport report, ReportTrial t, int k) {
        return report.pareto() ? t.objectives().get(k) : t.score();
    }

    /** 0 for the worst trial shown, 1 for the best: by score, or in a Pareto search by front. */
    private static double goodness(SearchReport report, ScoreScale scores, int lastFront, ReportTrial t) {
        if (report.pareto()) {
            return lastFront == 0 || t.front() == null ? 1.0 : 1.0 - (double) t.front() / lastFront;
        }
        return scores.goodness(t.score());
    }

    static String render(SearchReport report) {
        List<ReportTrial> completed = report.completed();
        List<ChartAxis> axes = axes(report);
        int m = axes.size();
        double width = Math.max(MIN_WIDTH, 2 * SIDE + (m - 1) * AXIS_SPACING);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"parallel\" data-expected-marks=\"").append(completed.size())
                .append("\" data-axes=\"").append(m).append("\" viewBox=\"0 0 ").append(coord(width)).append(' ')
                .append(coord(HEIGHT)).append("\" role=\"img\" aria-label=\"Parallel coordinates of the completed "
                        + "trials' hyperparameters and scores\">");
        if (completed.isEmpty() || m < 2) {
            String why = completed.isEmpty() ? "No completed trial yet."
                    : "No hyperparameter varies among the completed trials.";
            svg.append("<text class=\"empty\" x=\"").append(coord(width / 2)).append("\" y=\"")
                    .append(coord(HEIGHT / 2)).append("\" text-anchor=\"middle\">").append(why).append("</text></svg>");
            return svg.toString();
        }
        double plotW = width - 2 * SIDE;
        double plotH = HEIGHT - TOP - BOTTOM;
        ScoreScale colours = ScoreScale.of(report);
        int lastFront = completed.stream().mapToInt(t -> t.front() == null ? 0 : t.front()).max().orElse(0);
        int firstObjective = m - objectiveAxes(report);
        List<ReportTrial> worstFirst = new ArrayList<>(completed);
        worstFirst.sort(Comparator.comparingDouble(t -> goodness(report, colours, lastFront, t)));
        svg.append("<g class=\"lines\">");
        for (ReportTrial t : worstFirst) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int j = 0; j < m; j++) {
                Object value = j >= firstObjective ? objectiveValue(report, t, j - firstObjective)
                        : t.values().get(axes.get(j).name());
                double p = axes.get(j).position(value);
                if (Double.isNaN(p)) {
                    pen = false;
                    continue;
                }
                d.append(pen ? " L" : (d.isEmpty() ? "M" : " M")).append(coord(SIDE + j * plotW / (m - 1)))
                        .append(' ').append(coord(TOP + plotH - p * plotH));
                pen = true;
            }
            String caption = report.pareto() ? "front " + (t.front() == null ? "-" : String.valueOf(t.front() + 1))
                    : Html.number(t.score());
            svg.append("<path class=\"pc-line\" data-mark=\"line\" data-trial=\"").append(escape(t.id()))
                    .append("\" stroke=\"").append(ScoreScale.colourAt(goodness(report, colours, lastFront, t)))
                    .append("\" d=\"").append(d).append("\"><title>Trial ").append(escape(t.id())).append(": ")
                    .append(escape(caption)).append("</title></path>");
        }
        svg.append("</g>");
        for (int j = 0; j < m; j++) {
            ChartAxis axis = axes.get(j);
            double ax = SIDE + j * plotW / (m - 1);
            svg.append("<g class=\"pc-axis\" data-axis=\"").append(escape(axis.name())).append("\"><line class=\"axis\" x1=\"")
                    .append(coord(ax)).append("\" x2=\"").append(coord(ax)).append("\" y1=\"").append(coord(TOP))
                    .append("\" y2=\"").append(coord(TOP + plotH)).append("\"/>");
            svg.append("<text class=\"axis-name\" x=\"").append(coord(ax)).append("\" y=\"").append(coord(TOP - 22))
                    .append("\" text-anchor=\"middle\"><title>").append(escape(axis.name())).append("</title>")
                    .append(escape(shorten(axis.name()))).append(j >= firstObjective ? " \u2605" : "")
                    .append("</text>");
            if (axis instanceof ChartAxis.Numeric numeric && numeric.log()) {
                svg.append("<text class=\"tick\" x=\"").append(coord(ax)).append("\" y=\"").append(coord(TOP - 8))
                        .append("\" text-anchor=\"middle\">log scale</text>");
            }
            for (ChartAxis.Tick tick : axis.ticks()) {
                double ty = TOP + plotH - tick.position() * plotH;
                svg.append("<line class=\"axis\" x1=\"").append(coord(ax - 4)).append("\" x2=\"").append(coord(ax))
                        .append("\" y1=\"").append(coord(ty)).append("\" y2=\"").append(coord(ty))
                        .append("\"/><text class=\"tick pc-tick\" x=\"").append(coord(ax - 6)).append("\" y=\"")
                        .append(coord(ty + 4)).append("\" text-anchor=\"end\">").append(escape(shorten(tick.label())))
                        .append("</text>");
            }
            svg.append("</g>");
        }
        appendLegend(svg, width, report.pareto() ? "better (front 1)" : "better (" + (report.maximize() ? "higher"
                : "lower") + ")");
        return svg.append("</svg>").toString();
    }

    private static void appendLegend(StringBuilder svg, double width, String better) {
        double x = width - SIDE - 300;
        double y = HEIGHT - 22;
        svg.append("<defs><linearGradient id=\"pc-gradient\">");
        for (int i = 0; i <= 4; i++) {
            svg.append("<stop offset=\"").append(i * 25).append("%\" stop-color=\"")
                    .append(ScoreScale.colourAt(i / 4.0)).append("\"/>");
        }
        svg.append("</linearGradient></defs><text class=\"tick\" x=\"").append(coord(x - 6)).append("\" y=\"")
                .append(coord(y + 9)).append("\" text-anchor=\"end\">worse</text><rect x=\"").append(coord(x))
                .append("\" y=\"").append(coord(y)).append("\" width=\"180\" height=\"10\" fill=\"url(#pc-gradient)\"/>")
                .append("<text class=\"tick\" x=\"").append(coord(x + 186)).append("\" y=\"").append(coord(y + 9))
                .append("\">").append(better).append("</text>");
    }

    private static String shorten(String s) {
        return s.length() <= MAX_LABEL ? s : s.substring(0, MAX_LABEL - 1) + "\u2026";
    }
}
