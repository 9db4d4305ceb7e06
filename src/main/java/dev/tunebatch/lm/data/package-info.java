/**
 * Data models as Java records with generated JSON schemas, and the JSON reading and writing of LM inputs and outputs.
 * Depends on Jackson and victools' schema generator.
 */
package dev.tunebatch.lm.data;
