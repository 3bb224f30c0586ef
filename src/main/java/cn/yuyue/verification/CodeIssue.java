package cn.yuyue.verification;

import java.time.Duration;

/** The answer to "send this phone a new code": sent, or which limit or check refused it. */
sealed interface CodeIssue {

    /** A new code is stored (replacing any earlier one) and its SMS was accepted. */
    record Issued(Duration validFor) implements CodeIssue {}

    /** A code went to this phone less than the resend interval ago. */
    record TooSoon(Duration retryAfter) implements CodeIssue {}

    /** The phone had its daily number of codes; {@code retryAfter} reaches the next province day. */
    record DailyLimitReached(Duration retryAfter) implements CodeIssue {}

    /**
     * Too many codes asked for from this client, or from everyone together (the SMS budget); no
     * code was stored or sent.
     */
    record BudgetSpent(Duration retryAfter, boolean byClient) implements CodeIssue {}

    /**
     * This client asked for many codes and sent no solved human check: nothing was sent or counted
     * against the phone or the budgets.
     */
    record HumanCheckRequired() implements CodeIssue {}

    /** The human check sent was wrong, expired or already used: nothing was sent or counted. */
    record HumanCheckFailed() implements CodeIssue {}

    /**
     * Nothing was sent: the SMS provider failed (the code was withdrawn and counts against no
     * limit), or the SMS budgets could not be counted.
     */
    record NotSent() implements CodeIssue {}
}
