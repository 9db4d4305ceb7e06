package dev.tunebatch.lm.metric;

/** Macro recall on a label field, named {@code recall}, direction up. */
public final class Recall extends FBetaScore {

    public Recall(String field) {
        super("recall", field, 1.0, Kind.RECALL);
    }

    @Override
    public Metric copy() {
        return new Recall(field());
    }
}
