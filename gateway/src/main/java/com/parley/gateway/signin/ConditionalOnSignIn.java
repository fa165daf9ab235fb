package com.parley.gateway.signin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/** Present only when a sign-in provider is configured ({@code parley.gateway.sign-in.issuer-uri}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("'${parley.gateway.sign-in.issuer-uri:}'.trim() != ''")
@interface ConditionalOnSignIn {
}
