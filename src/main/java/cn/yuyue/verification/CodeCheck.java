package cn.yuyue.verification;

/** The answer to "is this the phone's code?". */
sealed interface CodeCheck {

    /** Right code; it is now used up. */
    record Matched() implements CodeCheck {}

    /** Wrong code; at zero attempts left the code is void and a new one must be requested. */
    record Mismatched(int attemptsLeft) implements CodeCheck {}

    /** No usable code: never requested, expired, already used or voided by wrong attempts. */
    record NoLiveCode() implements CodeCheck {}
}
