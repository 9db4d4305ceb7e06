package dev.tunebatch.app.demo.generative;

import dev.tunebatch.app.console.SearchPreflight;

/**
 * Before the generative demo runs, its endpoint must answer and its model be known.
 *
 * @param search the guarded search
 * @param probe  the endpoint check
 */
record EndpointPreflight(String search, EndpointProbe probe) implements SearchPreflight {

    @Override
    public void check() {
        probe.resolve();
    }
}
