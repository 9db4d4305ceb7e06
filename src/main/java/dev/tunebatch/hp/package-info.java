/**
 * The search space: {@code HyperParameters} and its parameter types ({@code Int}, {@code Float}, {@code Choice},
 * {@code Boolean}, {@code Fixed}), their samplings and steps, conditional scopes, and the mapping between values and
 * the unit interval that every oracle samples in. keras-tuner's semantics: the first declaration of a name wins, an
 * invalid declaration is an {@code IllegalArgumentException} that names the parameter.
 * <p>Depends on the JDK only.
 */
package dev.tunebatch.hp;
