package dev.tunebatch.lm.metric;

/** Macro F1 on a label field, named {@code f1_score}, direction up. */
public final class F1Score extends FBetaScore {

    public F1Score(String field) {
        super("f1_score", field, 1.0, Kind.F_BETA);
    }

    @Override
    public Metric copy() {
        return new F1Score(field());
    }
}
