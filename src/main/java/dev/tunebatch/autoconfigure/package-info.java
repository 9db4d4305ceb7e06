/**
 * The starter: Spring Boot auto-configurations that wire tunebatch into any Spring Boot application which has this
 * jar on its class path — the embedded PostgreSQL while no datasource is set, the engine (launcher, graceful stop,
 * inspector), the validated {@code tunebatch.*} settings, the command line, the schedule, the report and the search
 * meters. Each piece steps aside when its {@code tunebatch.*.enabled} property is {@code false} or the application
 * declares its own bean; Flyway (Spring Boot's) applies the migrations shipped in {@code classpath:db/migration}.
 * <p>May depend on every other package; only {@code app} (the example application) may depend on it.
 */
package dev.tunebatch.autoconfigure;
