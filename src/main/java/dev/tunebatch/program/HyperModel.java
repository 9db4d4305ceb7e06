package dev.tunebatch.program;

import dev.tunebatch.hp.HyperParameters;

/** Builds a program from hyperparameters, synchronously. Declaring a hyperparameter reads its value. */
@FunctionalInterface
public interface HyperModel {
    Program build(HyperParameters hp) throws Exception;
}
