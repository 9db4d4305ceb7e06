/**
 * The Spring Boot application: the entry point ({@code TunebatchApplication}, one command then exit, or a
 * scheduled service), the command line ({@code run}, {@code status}, {@code results}, {@code report}, {@code list})
 * and the embedded PostgreSQL used while no datasource is configured. Sub-packages: {@code config} (validated
 * {@code tunebatch.*} settings), {@code failure} (one-line start-up failures and their exit codes), {@code console}
 * (what {@code run} prints), {@code schedule} (cron-driven runs), {@code demo} (the offline intent-router search and
 * the generative demo).
 * The starter ({@code dev.tunebatch.autoconfigure}) wires these pieces into any application; the demo searches are
 * imported by the example application only.
 * <p>May depend on every other package except {@code autoconfigure}; only {@code autoconfigure} depends on it.
 */
package dev.tunebatch.app;
