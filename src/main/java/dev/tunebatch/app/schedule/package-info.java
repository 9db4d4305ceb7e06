/**
 * Searches run on a cron schedule inside a long-running service: each tick claims the search (so replicas never
 * run it twice) and runs it under a run key made from the tick's time. Part of {@code app}.
 */
package dev.tunebatch.app.schedule;
