package dev.tunebatch.program;

import dev.tunebatch.hp.HyperParameters;

import java.util.concurrent.CompletionStage;

/** Builds a program from hyperparameters asynchronously (an LM program that must first reach its model, say). */
@FunctionalInterface
public interface AsyncHyperModel {
    CompletionStage<? extends Program> build(HyperParameters hp) throws Exception;
}
