package dev.tunebatch.report;

import java.util.List;
import java.util.Locale;

/** Maps scores to "goodness" (0 = worst shown, 1 = best) and to a colour from pale (worse) to dark blue (better). */
record ScoreScale(double min, double max, boolean maximize) {

    private static final int[][] STOPS = {{0xfd, 0xd4, 0x9e}, {0xef, 0x65, 0x48}, {0x7a, 0x01, 0x77},
        {0x08, 0x30, 0x6b}};

    /** The scale over the scores of the completed trials of {@code report}. */
    static ScoreScale of(SearchReport report) {
        List<ReportTrial> completed = report.completed();
        double min = completed.stream().filter(t -> t.score() != null).mapToDouble(ReportTrial::score).min().orElse(0);
        double max = completed.stream().filter(t -> t.score() != null).mapToDouble(ReportTrial::score).max().orElse(1);
        return new ScoreScale(min, max, report.maximize());
    }

    /** 0 for the worst score, 1 for the best (0.5 when all scores are equal). */
    double goodness(double score) {
        if (max == min) {
            return 0.5;
        }
        double t = (score - min) / (max - min);
        return maximize ? t : 1 - t;
    }

    /** An {@code #rrggbb} colour for the score. */
    String colour(double score) {
        return colourAt(goodness(score));
    }

    /** An {@code #rrggbb} colour at goodness {@code t} (0 to 1). */
    static String colourAt(double t) {
        double x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(x));
        double f = x - i;
        int[] a = STOPS[i];
        int[] b = STOPS[i + 1];
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], f), mix(a[1], b[1], f),
                mix(a[2], b[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
