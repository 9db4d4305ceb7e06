package dev.tunebatch.lm.metric;

/** Macro precision on a label field, named {@code precision}, direction up. */
public final class Precision extends FBetaScore {

    public Precision(String field) {
        super("precision", field, 1.0, Kind.PRECISION);
    }

    @Override
    public Metric copy() {
        return new Precision(field());
    }
}
