/**
 * The application's {@code tunebatch.*} settings, bound and validated at start-up: a bad value stops the
 * application with one line naming the property, the value and the fix (exit 78). Part of {@code app}.
 */
package dev.tunebatch.app.config;
