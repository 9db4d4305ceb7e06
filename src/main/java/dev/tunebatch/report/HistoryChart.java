package dev.tunebatch.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static dev.tunebatch.report.Html.coord;
import static dev.tunebatch.report.Html.escape;

/**
 * The optimisation history as inline SVG: one point per completed trial (x = creation order, y = score, coloured by
 * score; a red ring when it violates a constraint), a cross on the axis for each trial without a score, and the best
 * feasible score so far as a step line.
 */
final class HistoryChart {

    private static final double WIDTH = 800;
    private static final double HEIGHT = 320;
    private static final double LEFT = 70;
    private static final double RIGHT = 20;
    private static final double TOP = 16;
    private static final double BOTTOM = 46;

    private HistoryChart() {
    }

    static String render(SearchReport report) {
        List<ReportTrial> trials = report.trials();
        List<ReportTrial> completed = report.completed();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"history\" data-expected-marks=\"").append(completed.size())
                .append("\" viewBox=\"0 0 ").append(coord(WIDTH)).append(' ').append(coord(HEIGHT))
                .append("\" role=\"img\" aria-label=\"Score of each trial in creation order, with the best so far\">");
        if (completed.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"").append(coord(WIDTH / 2)).append("\" y=\"")
                    .append(coord(HEIGHT / 2)).append("\" text-anchor=\"middle\">No completed trial yet.</text></svg>");
            return svg.toString();
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double[] range = paddedRange(completed);
        ScoreScale colours = ScoreScale.of(report);
        int n = trials.size();
        DoubleUnaryOperator x = i -> LEFT + (n == 1 ? plotW / 2 : i * plotW / (n - 1));
        DoubleUnaryOperator y = v -> TOP + plotH - (v - range[0]) / (range[1] - range[0]) * plotH;

        ChartFrame frame = new ChartFrame(LEFT, TOP, plotW, plotH);
        frame.yGrid(svg, range[0], range[1], y);
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        for (int i = 0; i < n; i += every) {
            svg.append("<text class=\"tick\" x=\"").append(coord(x.applyAsDouble(i))).append("\" y=\"")
                    .append(coord(TOP + plotH + 16)).append("\" text-anchor=\"middle\">")
                    .append(escape(trials.get(i).id())).append("</text>");
        }
        frame.axes(svg, escape(report.objective()));
        frame.xLabel(svg, "trial (creation order)", BOTTOM - 6);

        svg.append("<path class=\"best-line\" data-series=\"best-so-far\" d=\"").append(bestSoFarPath(report, x, y))
                .append("\"/>");
        for (ReportTrial t : trials) {
            double tx = x.applyAsDouble(t.index());
            if (t.completed()) {
                svg.append("<circle class=\"point").append(t.feasible() ? "" : " infeasible")
                        .append("\" data-mark=\"point\" data-trial=\"").append(escape(t.id()))
                        .append("\" cx=\"").append(coord(tx)).append("\" cy=\"")
                        .append(coord(y.applyAsDouble(t.score()))).append("\" r=\"5\" fill=\"")
                        .append(colours.colour(t.score())).append("\"><title>Trial ").append(escape(t.id()))
                        .append(": ").append(escape(Html.number(t.score())))
                        .append(t.feasible() ? "" : " (infeasible: " + escape(String.join("; ", t.violations())) + ")")
                        .append("</title></circle>");
            } else {
                double by = TOP + plotH;
                svg.append("<path class=\"no-score\" data-trial=\"").append(escape(t.id())).append("\" d=\"M")
                        .append(coord(tx - 4)).append(' ').append(coord(by - 4)).append("l8 8m0 -8l-8 8\"><title>Trial ")
                        .append(escape(t.id())).append(": ").append(escape(t.status())).append("</title></path>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A step line through the best feasible score so far, from the first completed feasible trial to the last trial
     * (empty while no trial is feasible).
     */
    private static String bestSoFarPath(SearchReport report, DoubleUnaryOperator x,
                                        DoubleUnaryOperator y) {
        StringBuilder d = new StringBuilder();
        Double best = null;
        for (ReportTrial t : report.trials()) {
            if (!t.completed() || !t.feasible()) {
                continue;
            }
            double tx = x.applyAsDouble(t.index());
            if (best == null) {
                best = t.score();
                d.append('M').append(coord(tx)).append(' ').append(coord(y.applyAsDouble(best)));
            } else if (report.better(t.score(), best)) {
                best = t.score();
                d.append(" H").append(coord(tx)).append(" V").append(coord(y.applyAsDouble(best)));
            }
        }
        if (best == null) {
            return "";
        }
        int last = report.trials().size() - 1;
        d.append(" H").append(coord(x.applyAsDouble(last)));
        return d.toString();
    }

    private static double[] paddedRange(List<ReportTrial> completed) {
        double min = completed.stream().mapToDouble(ReportTrial::score).min().orElseThrow();
        double max = completed.stream().mapToDouble(ReportTrial::score).max().orElseThrow();
        if (max - min <= Math.ulp(Math.max(Math.abs(min), Math.abs(max))) * 1024) {
            // equal up to rounding (0.1 and 0.09999999999999999): no tick step fits between them
            double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
            return new double[]{min - pad, max + pad};
        }
        double pad = (max - min) * 0.06;
        return new double[]{min - pad, max + pad};
    }

    /** Round tick values ("nice numbers") inside a range. */
    static final class NiceTicks {

        private NiceTicks() {
        }

        static List<Double> of(double min, double max, int count) {
            double span = max - min;
            double raw = span / Math.max(1, count);
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double residual = raw / magnitude;
            double step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
            List<Double> ticks = new ArrayList<>();
            for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
                ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : Double.parseDouble(String.format(Locale.ROOT,
                        "%.12g", v)));
            }
            return ticks;
        }
    }
}
