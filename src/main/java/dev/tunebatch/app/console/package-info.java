/**
 * What {@code run} shows a person: the search's progress in keras-tuner's format, the results summary, the score of
 * the best configuration on held-out data, and where the results are (tables, files, commands). Part of
 * {@code app}.
 */
package dev.tunebatch.app.console;
