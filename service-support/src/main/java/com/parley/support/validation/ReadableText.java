package com.parley.support.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** The value, when present, is {@link Text#isReadable readable text}; null is left to {@code @NotNull}. */
@Documented
@Constraint(validatedBy = ReadableText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadableText {

    String message() default "must contain visible text and no control characters or broken characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ReadableText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Text.isReadable(value);
        }
    }
}
