package cn.yuyue.admin.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staff accounts and sign-in, under {@code yuyue.staff}.
 *
 * @param passwordStrength   BCrypt cost (log2 rounds); 10 or more in production, lower only in
 *                           development profiles where hundreds of seeded accounts must start fast
 * @param sessionTtl         how long a sign-in token stays valid
 * @param credentialsFile    where the generated initial passwords of accounts created at start-up
 *                           (and of {@code resetOnStart}) are written, readable by its owner only;
 *                           unset: they are written nowhere and only the count is logged
 * @param resetOnStart       usernames whose passwords are replaced by new initial ones at start-up,
 *                           the operator's way back in (needs {@code credentialsFile})
 * @param delayAfter         failed sign-ins of an account, from any client, after which every further
 *                           attempt on it waits (a global slow-down that never refuses the owner)
 * @param delayStep          how much longer each attempt waits per failure beyond {@code delayAfter}
 * @param maxDelay           the longest such wait, so the owner still gets in during an attack
 * @param lockAfter          failed sign-ins from one client that lock that (account, client) pair;
 *                           the same account from any other client is not affected
 * @param lockFor            how long such a pair lock lasts
 * @param failureWindow      how long failed sign-ins are remembered
 * @param hashingThreads     BCrypt checks running at once; 0 means one per core
 * @param hashingQueue       BCrypt checks waiting for a thread; beyond it sign-ins answer 503
 *                           TRY_LATER at once instead of waiting in a queue of thousands
 * @param operatorInitialPassword the initial password of {@code province-operator} when the
 *                           account is created (in Kubernetes from a Secret), instead of a generated
 *                           one that only the credentials file would record; it must still be
 *                           changed at first sign-in, and an existing account is never touched.
 *                           Unset: generated like every other account's
 */
@ConfigurationProperties("yuyue.staff")
public record StaffProperties(
        @DefaultValue("10") int passwordStrength,
        @DefaultValue("8h") Duration sessionTtl,
        Path credentialsFile,
        @DefaultValue List<String> resetOnStart,
        @DefaultValue("3") int delayAfter,
        @DefaultValue("1s") Duration delayStep,
        @DefaultValue("5s") Duration maxDelay,
        @DefaultValue("5") int lockAfter,
        @DefaultValue("15m") Duration lockFor,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("0") int hashingThreads,
        @DefaultValue("16") int hashingQueue,
        String operatorInitialPassword) {

    public StaffProperties {
        if (operatorInitialPassword != null && operatorInitialPassword.isBlank()) {
            operatorInitialPassword = null;
        }
        if (operatorInitialPassword != null && operatorInitialPassword.length() < SigningIn.MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("yuyue.staff.operator-initial-password needs at least "
                    + SigningIn.MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
