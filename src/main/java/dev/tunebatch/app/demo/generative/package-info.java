/**
 * The generative demo: an LM program tuned against a configured OpenAI-compatible or Ollama endpoint, with a
 * preflight that checks the endpoint before the search starts. Part of {@code app}.
 */
package dev.tunebatch.app.demo.generative;
