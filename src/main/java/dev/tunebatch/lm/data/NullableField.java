package dev.tunebatch.lm.data;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose JSON value may be {@code null} (an abstaining classifier's label, say). Every other
 * component is required and non-null in the generated schema, as strict structured output expects.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface NullableField {
}
