package dev.tunebatch.lm.model;

import java.util.Locale;

/** The wire protocol of an endpoint. */
public enum LmProvider {
    /** OpenAI's chat completions API: OpenAI, vLLM, llama.cpp's server, Ollama's {@code /v1}. */
    OPENAI,
    /** Ollama's native {@code /api/chat}. */
    OLLAMA;

    /** Parses {@code openai} / {@code ollama} (any case). */
    public static LmProvider parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("provider: '" + s + "' is not one of openai, ollama. Use openai for "
                    + "OpenAI-compatible servers (vLLM, llama.cpp, Ollama's /v1).");
        }
    }
}
