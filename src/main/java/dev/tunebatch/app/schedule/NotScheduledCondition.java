package dev.tunebatch.app.schedule;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code tunebatch.schedule.cron} is unset: the application runs one command and exits. */
public final class NotScheduledCondition implements Condition {

    /** Whether {@code tunebatch.schedule.cron} is set. */
    static boolean scheduled(ConditionContext context) {
        String cron = context.getEnvironment().getProperty("tunebatch.schedule.cron");
        return cron != null && !cron.isBlank();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !scheduled(context);
    }

    /** The opposite: a schedule is configured and the application stays up to run it. */
    public static final class Scheduled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return scheduled(context);
        }
    }
}
