package dev.tunebatch.report;

import java.util.function.DoubleUnaryOperator;

import static dev.tunebatch.report.Html.coord;
import static dev.tunebatch.report.Html.escape;

/**
 * The frame of an x/y chart: its plot area, horizontal grid lines with their values, the two axes and the vertical
 * axis's label, drawn the same way in every such chart.
 *
 * @param left  the plot area's left edge
 * @param top   its top edge
 * @param width its width
 * @param height its height
 */
record ChartFrame(double left, double top, double width, double height) {

    /** The bottom edge of the plot area. */
    double bottom() {
        return top + height;
    }

    /** A grid line and a value label at each tick of the vertical range {@code [min, max]}. */
    void yGrid(StringBuilder svg, double min, double max, DoubleUnaryOperator y) {
        for (double tick : HistoryChart.NiceTicks.of(min, max, 5)) {
            double ty = y.applyAsDouble(tick);
            svg.append("<line class=\"grid\" x1=\"").append(coord(left)).append("\" x2=\"")
                    .append(coord(left + width)).append("\" y1=\"").append(coord(ty)).append("\" y2=\"")
                    .append(coord(ty)).append("\"/><text class=\"tick\" x=\"").append(coord(left - 6))
                    .append("\" y=\"").append(coord(ty + 4)).append("\" text-anchor=\"end\">")
                    .append(escape(Html.number(tick))).append("</text>");
        }
    }

    /** The two axes, and {@code safeLabel} (already escaped) along the vertical one. */
    void axes(StringBuilder svg, String safeLabel) {
        svg.append("<line class=\"axis\" x1=\"").append(coord(left)).append("\" x2=\"").append(coord(left + width))
                .append("\" y1=\"").append(coord(bottom())).append("\" y2=\"").append(coord(bottom()))
                .append("\"/><line class=\"axis\" x1=\"").append(coord(left)).append("\" x2=\"")
                .append(coord(left)).append("\" y1=\"").append(coord(top)).append("\" y2=\"")
                .append(coord(bottom())).append("\"/>");
        svg.append("<text class=\"label\" transform=\"translate(14 ").append(coord(top + height / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(safeLabel).append("</text>");
    }

    /** A label under the horizontal axis, {@code below} units under it. */
    void xLabel(StringBuilder svg, String safeLabel, double below) {
        svg.append("<text class=\"label\" x=\"").append(coord(left + width / 2)).append("\" y=\"")
                .append(coord(bottom() + below)).append("\" text-anchor=\"middle\">").append(safeLabel)
                .append("</text>");
    }
}
