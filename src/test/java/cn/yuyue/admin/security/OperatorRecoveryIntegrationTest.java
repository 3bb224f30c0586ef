package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The province operator's way back in without a running session or a shell: a restart with
 * {@code reset-on-start} and the Secret's initial password.
 */
class OperatorRecoveryIntegrationTest extends IntegrationTestSupport {

    private static final String FROM_THE_SECRET = "recovered-from-a-secret-1";

    @Autowired
    AccountSeeding seeding;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    PasswordHashing hashing;

    @Autowired
    ManagingAccounts managing;

    @Autowired
    StaffProperties running;

    @Autowired
    Clock clock;

    @Test
    void should_reset_the_operator_to_the_secrets_password_at_start_up_and_end_its_sessions() {
        String before = StaffFixtures.operator(web, seeding);
        StaffProperties restart = new StaffProperties(
                running.passwordStrength(),
                running.sessionTtl(),
                null,
                List.of(AccountSeeding.OPERATOR),
                running.delayAfter(),
                running.delayStep(),
                running.maxDelay(),
                running.lockAfter(),
                running.lockFor(),
                running.failureWindow(),
                running.hashingThreads(),
                running.hashingQueue(),
                FROM_THE_SECRET);

        new AccountSeeding(catalogue, accounts, hashing, managing, restart, clock)
                .seed()
                .block(Duration.ofSeconds(60));

        try {
            web.get()
                    .uri("/api/v1/admin/me")
                    .header("Authorization", "Bearer " + before)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            Map<?, ?> signedIn = StaffFixtures.signIn(web, AccountSeeding.OPERATOR, FROM_THE_SECRET)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(signedIn.get("mustChangePassword")).isEqualTo(true);
        } finally {
            // Give the shared operator account back the password the other tests sign in with.
            StaffFixtures.activate(web, AccountSeeding.OPERATOR, FROM_THE_SECRET);
            StaffFixtures.sessionsLost();
        }
    }
}
