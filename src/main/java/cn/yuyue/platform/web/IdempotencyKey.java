package cn.yuyue.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/**
 * The {@code Idempotency-Key} header of a request that creates something, as OpenAPI shows it:
 * required. The handler takes it as optional only so that a missing key is answered like every
 * other bad field, in one {@code VALIDATION_FAILED} problem, rather than by Spring's own error.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(
        name = "Idempotency-Key",
        in = ParameterIn.HEADER,
        required = true,
        description = "a UUID (or up to 64 letters, digits, - and _) chosen by the client per booking attempt; "
                + "the same key and body again answer the same result, never a second place")
public @interface IdempotencyKey {}
