package cn.yuyue.verification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A client's answer to a {@link HumanCheck} challenge, sent as {@code humanCheck} with a code request.
 * Literal messages: the {jakarta...} defaults load a resource bundle on the event loop.
 */
record HumanCheckAnswer(
        @NotBlank(message = "is required") @Size(max = 64, message = "is too long")
        String id,

        @NotBlank(message = "is required") @Size(max = 64, message = "is too long")
        String answer) {}
