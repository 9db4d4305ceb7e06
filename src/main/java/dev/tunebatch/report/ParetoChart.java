package dev.tunebatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static dev.tunebatch.report.Html.coord;
import static dev.tunebatch.report.Html.escape;

/**
 * A two-objective Pareto search as inline SVG: one point per completed trial (x = the first objective, y = the
 * second), the feasible front drawn dark and joined by its staircase (the edge of the region it dominates),
 * dominated trials pale, infeasible trials as red rings.
 */
final class ParetoChart {

    private static final double WIDTH = 800;
    private static final double HEIGHT = 380;
    private static final double LEFT = 80;
    private static final double RIGHT = 20;
    private static final double TOP = 16;
    private static final double BOTTOM = 64;

    private ParetoChart() {
    }

    static String render(SearchReport report) {
        List<ReportTrial> completed = report.completed();
        List<ReportTrial> front = report.front();
        ReportObjective ox = report.paretoObjectives().get(0);
        ReportObjective oy = report.paretoObjectives().get(1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"pareto\" data-expected-marks=\"").append(completed.size())
                .append("\" data-front-size=\"").append(front.size()).append("\" viewBox=\"0 0 ").append(coord(WIDTH))
                .append(' ').append(coord(HEIGHT)).append("\" role=\"img\" aria-label=\"Each completed trial's ")
                .append(escape(ox.name())).append(" against its ").append(escape(oy.name()))
                .append(", with the Pareto front\">");
        if (completed.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"").append(coord(WIDTH / 2)).append("\" y=\"")
                    .append(coord(HEIGHT / 2)).append("\" text-anchor=\"middle\">No completed trial yet.</text></svg>");
            return svg.toString();
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double[] rx = padded(completed, 0);
        double[] ry = padded(completed, 1);
        DoubleUnaryOperator x = v -> LEFT + (v - rx[0]) / (rx[1] - rx[0]) * plotW;
        DoubleUnaryOperator y = v -> TOP + plotH - (v - ry[0]) / (ry[1] - ry[0]) * plotH;
        ChartFrame frame = new ChartFrame(LEFT, TOP, plotW, plotH);
        frame.yGrid(svg, ry[0], ry[1], y);
        for (double tick : HistoryChart.NiceTicks.of(rx[0], rx[1], 6)) {
            svg.append("<text class=\"tick\" x=\"").append(coord(x.applyAsDouble(tick))).append("\" y=\"")
                    .append(coord(TOP + plotH + 16)).append("\" text-anchor=\"middle\">")
                    .append(escape(Html.number(tick))).append("</text>");
        }
        frame.axes(svg, label(oy));
        frame.xLabel(svg, label(ox), 36);
        svg.append("<path class=\"front-line\" data-series=\"front\" d=\"").append(staircase(front, ox, x, y))
                .append("\"/>");
        List<ReportTrial> drawOrder = new ArrayList<>(completed);
        drawOrder.sort(Comparator.comparingInt(t -> t.onFront() ? 1 : 0));
        for (ReportTrial t : drawOrder) {
            String kind = !t.feasible() ? "infeasible" : t.onFront() ? "front" : "dominated";
            svg.append("<circle class=\"point ").append(kind).append("\" data-mark=\"point\" data-trial=\"")
                    .append(escape(t.id())).append("\" cx=\"").append(coord(x.applyAsDouble(t.objectives().get(0))))
                    .append("\" cy=\"").append(coord(y.applyAsDouble(t.objectives().get(1)))).append("\" r=\"")
                    .append(t.onFront() ? 6 : 5).append("\"><title>Trial ").append(escape(t.id())).append(": ")
                    .append(escape(ox.name())).append(' ').append(escape(Html.number(t.objectives().get(0))))
                    .append(", ").append(escape(oy.name())).append(' ')
                    .append(escape(Html.number(t.objectives().get(1))))
                    .append(t.onFront() ? " (Pareto front)" : "")
                    .append(t.feasible() ? "" : " (infeasible: " + escape(String.join("; ", t.violations())) + ")")
                    .append("</title></circle>");
        }
        legend(svg);
        return svg.append("</svg>").toString();
    }

    /** The edge of the region the front dominates: from each front point along x to the next, then along y. */
    private static String staircase(List<ReportTrial> front, ReportObjective ox, DoubleUnaryOperator x,
                                    DoubleUnaryOperator y) {
        List<ReportTrial> sorted = new ArrayList<>(front);
        Comparator<ReportTrial> byX = Comparator.comparingDouble(t -> t.objectives().get(0));
        sorted.sort(ox.maximize() ? byX.reversed() : byX);
        StringBuilder d = new StringBuilder();
        for (ReportTrial t : sorted) {
            double px = x.applyAsDouble(t.objectives().get(0));
            double py = y.applyAsDouble(t.objectives().get(1));
            if (d.isEmpty()) {
                d.append('M').append(coord(px)).append(' ').append(coord(py));
            } else {
                d.append(" H").append(coord(px)).append(" V").append(coord(py));
            }
        }
        return d.toString();
    }

    private static String label(ReportObjective o) {
        return escape(o.name()) + (o.maximize() ? " (maximised, higher is better)" : " (minimised, lower is better)");
    }

    private static void legend(StringBuilder svg) {
        double ly = HEIGHT - 12;
        String[][] items = {{"front", "Pareto front"}, {"dominated", "dominated"}, {"infeasible", "infeasible"}};
        double lx = LEFT;
        for (String[] item : items) {
            svg.append("<circle class=\"point ").append(item[0]).append("\" cx=\"").append(coord(lx)).append("\" cy=\"")
                    .append(coord(ly - 4)).append("\" r=\"5\"/><text class=\"tick\" x=\"").append(coord(lx + 10))
                    .append("\" y=\"").append(coord(ly)).append("\">").append(item[1]).append("</text>");
            lx += 130;
        }
    }

    private static double[] padded(List<ReportTrial> completed, int j) {
        double min = completed.stream().mapToDouble(t -> t.objectives().get(j)).min().orElseThrow();
        double max = completed.stream().mapToDouble(t -> t.objectives().get(j)).max().orElseThrow();
        double pad = max == min ? (Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1) : (max - min) * 0.06;
        return new double[] {min - pad, max + pad};
    }
}
