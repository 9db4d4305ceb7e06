/**
 * Sentence embeddings computed in process by all-MiniLM-L6-v2, which ships inside a Maven artifact (no download at
 * run time), and the vector maths around them. Used by the offline demo and by embedding-based rewards.
 */
package dev.tunebatch.lm.embedding;
