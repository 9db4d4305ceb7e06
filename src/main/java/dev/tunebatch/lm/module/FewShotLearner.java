package dev.tunebatch.lm.module;

import java.util.List;

/** A trainable module whose learned state is a set of few-shot examples, chosen by a few-shot optimizer. */
public interface FewShotLearner extends Trainable {

    /** The examples in use. */
    List<Example> examples();

    /** Replaces the examples in use. */
    void setExamples(List<Example> examples);

    /**
     * Whether examples should pair the module's input with the program's target (true for a classifier at the end of
     * a program, whose output is the target) rather than with the module's own rewarded output (a generator).
     */
    default boolean learnsFromTargets() {
        return false;
    }
}
