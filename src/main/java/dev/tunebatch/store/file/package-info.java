/**
 * A search stored as JSON files in {@code directory/projectName} (keras-tuner's layout), written atomically
 * (temporary file and move), locked with a file lock. Depends on {@code store} and Jackson; no Spring.
 */
package dev.tunebatch.store.file;
