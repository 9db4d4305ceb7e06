package dev.tunebatch.app.demo.generative;

import dev.tunebatch.lm.config.LmProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one LM endpoint is configured ({@code tunebatch.lm.endpoints.<name>.*}). */
public final class LmEndpointConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment())
                .bind("tunebatch.lm.endpoints", Bindable.mapOf(String.class, LmProperties.Endpoint.class))
                .map(m -> !m.isEmpty()).orElse(false);
    }
}
