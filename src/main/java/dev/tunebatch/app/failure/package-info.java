/**
 * Start-up failures as one line and an exit code: bad settings (78), an unreachable database or LM endpoint (69),
 * instead of Spring Boot's multi-line report and stack trace. Part of {@code app}.
 */
package dev.tunebatch.app.failure;
